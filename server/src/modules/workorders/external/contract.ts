/**
 * The wire contract with an external work-order (field-service) system, as OpenAPI 3. Served at
 * GET /api/external/work-orders/contract.json so a utility's IT team can implement their side.
 * fake.ts is a reference implementation of the external side. Enumerations come from the portal's own
 * contract (@portal/types), so the two cannot drift apart.
 */
import { WorkOrderPriority, WorkOrderType } from '@portal/types';

const signatureHeaders = [
  {
    name: 'X-WO-Timestamp',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'Unix seconds; rejected when more than 300 s from the receiver’s clock.',
  },
  {
    name: 'X-WO-Nonce',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'Random string, unique per request.',
  },
  {
    name: 'X-WO-Signature',
    in: 'header',
    required: true,
    schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    description:
      'hex(HMAC-SHA256(sharedSecret, timestamp + "\\n" + nonce + "\\n" + rawBody)) over the exact body bytes.',
  },
];

const order = {
  type: 'object',
  required: [
    'orderNo',
    'version',
    'type',
    'category',
    'priority',
    'status',
    'state',
    'accountNo',
    'areaCode',
    'address',
    'description',
    'createdAt',
  ],
  properties: {
    orderNo: { type: 'string', example: 'WO202611220001' },
    version: {
      type: 'integer',
      description:
        'Increases with every change on the portal side; ignore a request whose version is not newer than the last one applied.',
    },
    action: { type: 'string', description: 'On updates: what changed (cancel, reopen, close, escalate).' },
    type: {
      type: 'string',
      enum: WorkOrderType.options,
    },
    category: { type: 'string' },
    priority: { type: 'string', enum: WorkOrderPriority.options },
    status: {
      type: 'string',
      description:
        'Node key (accepted, dispatched, taken, departed, arrived, processing, completed, closed, cancelled...).',
    },
    state: { type: 'string', enum: ['open', 'resolved', 'closed', 'cancelled'] },
    accountNo: { type: 'string' },
    areaCode: { type: 'string' },
    address: { type: 'string' },
    contactName: { type: 'string', nullable: true },
    contactPhone: { type: 'string', nullable: true },
    description: { type: 'string' },
    location: {
      type: 'object',
      nullable: true,
      properties: { lat: { type: 'number' }, lng: { type: 'number' } },
    },
    createdAt: { type: 'string', format: 'date-time' },
    appointment: {
      type: 'object',
      nullable: true,
      properties: {
        startAt: { type: 'string', format: 'date-time' },
        endAt: { type: 'string', format: 'date-time' },
      },
    },
  },
};

const event = {
  type: 'object',
  required: ['eventId', 'orderNo', 'status', 'occurredAt'],
  properties: {
    eventId: {
      type: 'string',
      description:
        'Unique per event; the portal applies each id once (replays answer 200 with duplicate: true).',
    },
    orderNo: { type: 'string' },
    externalRef: { type: 'string' },
    status: {
      type: 'string',
      description: 'Node key of the order type (see the portal’s node configuration) or "cancelled".',
    },
    occurredAt: {
      type: 'string',
      format: 'date-time',
      description:
        'When it happened in the external system. An event older than the newest applied one is recorded but changes nothing.',
    },
    technician: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' } } },
    eta: { type: 'string', format: 'date-time' },
    note: { type: 'string' },
  },
};

export const externalContract = {
  openapi: '3.0.3',
  info: {
    title: '外部工单系统对接协议 (External work-order system wire contract)',
    version: '1.0.0',
    description:
      'Two directions, one signature scheme. (1) The portal calls the external system: POST /orders to create, PUT /orders/{orderNo} to update; retried with backoff until a 2xx (4xx other than 429 stops retries), each with an Idempotency-Key header that repeats on retries. (2) The external system reports progress to the portal: POST {portal}/api/external/work-orders/events. Both sides sign every request (see headers) with the shared secret (portal setting EXTERNAL_WO_SECRET).',
  },
  paths: {
    '/orders': {
      post: {
        operationId: 'externalCreateOrder',
        summary: 'Portal → external: a new order',
        parameters: [
          ...signatureHeaders,
          { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: order } } },
        responses: {
          '200': {
            description: 'Accepted (also for a repeat of the same Idempotency-Key)',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { externalRef: { type: 'string' } } },
              },
            },
          },
          '401': { description: 'Bad signature' },
        },
      },
    },
    '/orders/{orderNo}': {
      put: {
        operationId: 'externalUpdateOrder',
        summary: 'Portal → external: the order’s current state after a change on the portal side',
        parameters: [
          { name: 'orderNo', in: 'path', required: true, schema: { type: 'string' } },
          ...signatureHeaders,
          { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: order } } },
        responses: {
          '200': { description: 'Applied or ignored as older' },
          '401': { description: 'Bad signature' },
          '404': { description: 'Unknown order' },
        },
      },
    },
    '/api/external/work-orders/events': {
      post: {
        operationId: 'portalReceiveEvent',
        summary: 'External → portal: a status event (webhook)',
        parameters: signatureHeaders,
        requestBody: { required: true, content: { 'application/json': { schema: event } } },
        responses: {
          '200': {
            description: 'Recorded',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    ok: { type: 'boolean' },
                    applied: { type: 'boolean' },
                    duplicate: { type: 'boolean' },
                  },
                },
              },
            },
          },
          '400': { description: 'Invalid event (fields named)' },
          '401': { description: 'Bad or stale signature' },
          '404': { description: 'Unknown or not forwarded order' },
        },
      },
    },
  },
};
