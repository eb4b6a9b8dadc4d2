/** Accounts and identity: resident login, binding 户号, staff login and roles, the 360° record, import, audit. */
import { z } from './zod';
import {
  AccountNo,
  InstantInput,
  IsoDateTime,
  ObjectId,
  Page,
  StaffRole,
  Utility,
  paged,
  shortText,
} from './common';

// ---------- sessions ----------

/** A one-time code from wx.login (mini-program) or the official account's OAuth redirect. */
export const LoginCodeBody = z.object({ code: z.string().trim().min(1).max(128) }).openapi('LoginCodeBody');
export type LoginCodeBody = z.infer<typeof LoginCodeBody>;

/**
 * The official account's OAuth redirect: the code and the `state` the portal issued for this round trip
 * (POST /api/auth/h5-oauth/state), which the portal accepts once, within 10 minutes (CSRF).
 */
export const H5OauthBody = z
  .object({
    code: z.string().trim().min(1).max(128),
    state: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, '格式不正确,请重新打开页面'),
  })
  .openapi('H5OauthBody');
export type H5OauthBody = z.infer<typeof H5OauthBody>;

export const H5OauthState = z
  .object({
    state: z
      .string()
      .openapi({ description: 'Carried through WeChat as `state` and sent back with the code; single use' }),
    expiresIn: z.number().int().openapi({ description: 'Seconds the state is accepted' }),
  })
  .openapi('H5OauthState');
export type H5OauthState = z.infer<typeof H5OauthState>;

export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).openapi('RefreshBody');
export type RefreshBody = z.infer<typeof RefreshBody>;

export const Me = z
  .object({
    id: z.string(),
    nickname: z.string().optional(),
    phoneMasked: z.string().optional(),
    hasMiniProgram: z.boolean(),
    hasOfficialAccount: z.boolean(),
    boundAccounts: z.number().int(),
    /** 长辈版 (elder mode) is on for this resident. */
    elderMode: z.boolean(),
  })
  .openapi('Me');
export const SetElderModeBody = z.object({ elderMode: z.boolean() }).openapi('SetElderModeBody');
export type SetElderModeBody = z.infer<typeof SetElderModeBody>;
export type Me = z.infer<typeof Me>;

export const ResidentSession = z
  .object({
    token: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().openapi({ description: 'Seconds the token is valid' }),
    user: Me,
  })
  .openapi('ResidentSession');
export type ResidentSession = z.infer<typeof ResidentSession>;

/**
 * The official-account H5 login's answer: the session, and whether this resident's official-account
 * identity is joined to their mini-program one. snsapi_base gives no unionid, so when they are not
 * joined and the utility has a mini-program, the portal asks once (`askUserinfo`) for WeChat's
 * snsapi_userinfo consent page; its code carries the unionid and the next h5OauthLogin joins the two.
 * A resident who refused or skipped is not asked again.
 */
export const H5Session = ResidentSession.extend({
  link: z
    .object({
      linked: z.boolean().openapi({
        description: 'The official-account identity is joined to a mini-program one (the user has a unionid)',
      }),
      askUserinfo: z.boolean().openapi({
        description: 'Redirect once more, with scope snsapi_userinfo and a fresh state, to join them',
      }),
    })
    .openapi('H5Link'),
}).openapi('H5Session');
export type H5Session = z.infer<typeof H5Session>;

export const StaffProfile = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    roles: z.array(StaffRole),
    areas: z.array(z.string()),
    skills: z.array(z.string()).optional(),
  })
  .openapi('StaffProfile');
export type StaffProfile = z.infer<typeof StaffProfile>;

export const StaffLoginBody = z
  .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
  .openapi('StaffLoginBody');
export type StaffLoginBody = z.infer<typeof StaffLoginBody>;

export const StaffSession = z
  .object({ token: z.string(), refreshToken: z.string(), expiresIn: z.number().int(), staff: StaffProfile })
  .openapi('StaffSession');
export type StaffSession = z.infer<typeof StaffSession>;

/** Either kind of session, as refreshSession answers with the kind the refresh token belongs to. */
export const AnySession = z
  .object({
    token: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int(),
    user: Me.optional(),
    staff: StaffProfile.optional(),
  })
  .openapi('Session');
export type AnySession = z.infer<typeof AnySession>;

// ---------- binding ----------

/** 本人, 家人, 租户 (tenant); 'other' for bindings made before tenants were offered. */
export const BindingRelation = z.enum(['self', 'family', 'tenant', 'other']);
export type BindingRelation = z.infer<typeof BindingRelation>;

/**
 * Proof of belonging to the household: the holder's name (with the registered phone's last 4 digits
 * when the resident knows them), or the SMS code sent to the registered phone (requestBindingCode).
 * The phone tail alone is not enough: account numbers are printed on bills and 4 digits are guessable.
 */
export const BindAccountBody = z
  .object({
    accountNo: AccountNo,
    holderName: shortText(50).optional(),
    phoneTail: z
      .string()
      .regex(/^\d{4}$/, '请输入预留手机号后4位')
      .optional(),
    smsCode: z
      .string()
      .regex(/^\d{6}$/, '请输入6位短信验证码')
      .optional(),
    relation: BindingRelation.optional(),
  })
  .strict()
  .refine((b) => b.holderName !== undefined || b.smsCode !== undefined, {
    message: '请填写户主姓名(可加预留手机号后4位),或使用短信验证码',
    path: ['holderName'],
  })
  .openapi('BindAccountBody');
export type BindAccountBody = z.infer<typeof BindAccountBody>;

export const RequestBindingCodeBody = z
  .object({ accountNo: AccountNo })
  .strict()
  .openapi('RequestBindingCodeBody');
export type RequestBindingCodeBody = z.infer<typeof RequestBindingCodeBody>;

/** The same answer whether or not the account exists or has a phone, so it reveals nothing. */
export const BindingCodeSent = z
  .object({ expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() })
  .openapi('BindingCodeSent');
export type BindingCodeSent = z.infer<typeof BindingCodeSent>;

export const AccountNoParams = z.object({ accountNo: AccountNo });
export type AccountNoParams = z.infer<typeof AccountNoParams>;

export const AccountStatus = z.enum(['active', 'suspended', 'closed', 'pending']);
export type AccountStatus = z.infer<typeof AccountStatus>;
export const CustomerType = z.enum(['residential', 'commercial', 'public']);
export type CustomerType = z.infer<typeof CustomerType>;

/** A bound account as the resident sees it: masked holder and address. */
export const MyAccount = z
  .object({
    accountNo: AccountNo,
    holderNameMasked: z.string(),
    addressMasked: z.string(),
    utility: Utility,
    status: AccountStatus,
    relation: BindingRelation,
    isDefault: z.boolean(),
    boundAt: IsoDateTime,
  })
  .openapi('MyAccount');
export type MyAccount = z.infer<typeof MyAccount>;

export const MyAccountList = z.object({ items: z.array(MyAccount) }).openapi('MyAccountList');
export type MyAccountList = z.infer<typeof MyAccountList>;

export const Meter = z.object({
  meterNo: z.string(),
  model: z.string().optional(),
  installedAt: IsoDateTime.optional(),
  lastReading: z.number().optional(),
  lastReadingAt: IsoDateTime.optional(),
});
export type Meter = z.infer<typeof Meter>;
export const Appliance = z.object({
  kind: z.string(),
  brand: z.string().optional(),
  model: z.string().optional(),
  installedAt: IsoDateTime.optional(),
});
export type Appliance = z.infer<typeof Appliance>;

export const MyAccountDetail = MyAccount.extend({
  address: z.string().openapi({ description: 'Full address: the resident proved they belong to it' }),
  /** Service area (e.g. CY-01): the resident app lists appointment slots with it (listSlots). */
  areaCode: z.string().optional(),
  customerType: CustomerType,
  meters: z.array(Meter),
  appliances: z.array(Appliance),
  tariff: z.string().optional(),
}).openapi('MyAccountDetail');
export type MyAccountDetail = z.infer<typeof MyAccountDetail>;

export const MyDataExport = z
  .object({
    exportedAt: IsoDateTime,
    user: z.record(z.string(), z.unknown()),
    bindings: z.array(z.record(z.string(), z.unknown())),
    accounts: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('MyDataExport');
export type MyDataExport = z.infer<typeof MyDataExport>;

/** 注销: what the resident is told once their account is gone. */
export const AccountDeletion = z
  .object({
    deletedAt: IsoDateTime,
    /** Payments and invoices kept, as the law requires, without anything that names the person. */
    paymentsKept: z.number().int(),
  })
  .openapi('AccountDeletion');
export type AccountDeletion = z.infer<typeof AccountDeletion>;

// ---------- staff: customers ----------

/** Search finds a customer; it is not a way to page through the customer base (at most 20 × 50 rows). */
export const CustomerSearchQuery = Page.extend({
  q: z.string().trim().min(1).max(50),
  page: z.coerce.number().int().min(1).max(20).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
}).openapi('CustomerSearchQuery');
export type CustomerSearchQuery = z.infer<typeof CustomerSearchQuery>;

export const CustomerSummary = z
  .object({
    accountNo: z.string(),
    holderName: z.string(),
    phoneMasked: z.string(),
    address: z.string(),
    areaCode: z.string(),
    utility: Utility,
    status: AccountStatus,
    tags: z.array(z.string()),
  })
  .openapi('CustomerSummary');
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const CustomerSearchResult = paged(CustomerSummary).openapi('CustomerSearchResult');
export type CustomerSearchResult = z.infer<typeof CustomerSearchResult>;

export const Customer360Query = z.object({
  /** Page size of the growing lists (bills, payments, orders, chats). */
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type Customer360Query = z.infer<typeof Customer360Query>;

/** The 360° record's rows: each section is provided by the feature that owns the data. */
export const CustomerBillRow = z
  .object({
    id: z.string(),
    period: z.string(),
    billType: z.string().optional(),
    /** fen */
    amountDue: z.number().int(),
    status: z.string(),
    dueDate: IsoDateTime.optional(),
    paidAt: IsoDateTime.optional(),
    usage: z.number().optional(),
  })
  .openapi('CustomerBillRow');
export type CustomerBillRow = z.infer<typeof CustomerBillRow>;

export const CustomerPaymentRow = z
  .object({
    id: z.string(),
    outTradeNo: z.string(),
    amountFen: z.number().int(),
    status: z.string(),
    channel: z.string().optional(),
    paidAt: IsoDateTime.optional(),
    createdAt: IsoDateTime.optional(),
    refundedFen: z.number().int().optional(),
  })
  .openapi('CustomerPaymentRow');
export type CustomerPaymentRow = z.infer<typeof CustomerPaymentRow>;

export const CustomerOrderRow = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    type: z.string(),
    typeLabel: z.string().optional(),
    category: z.string().optional(),
    /** Current node key of the order's flow. */
    status: z.string().optional(),
    state: z.string(),
    priority: z.string().optional(),
    createdAt: IsoDateTime.optional(),
    resolvedAt: IsoDateTime.optional(),
    assigneeName: z.string().optional(),
    slaDueAt: IsoDateTime.optional(),
    score: z.number().int().optional(),
    escalated: z.boolean().optional(),
  })
  .openapi('CustomerOrderRow');
export type CustomerOrderRow = z.infer<typeof CustomerOrderRow>;

export const CustomerChatRow = z
  .object({
    id: z.string(),
    status: z.string(),
    queuedAt: IsoDateTime.optional(),
    closedAt: IsoDateTime.optional(),
    agentName: z.string().optional(),
    summary: z.string().optional(),
    orderNo: z.string().optional(),
    score: z.number().int().optional(),
  })
  .openapi('CustomerChatRow');
export type CustomerChatRow = z.infer<typeof CustomerChatRow>;

export const Customer360 = z
  .object({
    account: z.object({
      accountNo: z.string(),
      /** The phone is masked; revealCustomerPhone shows it in full, audited, when the job needs it. */
      holder: z.object({ name: z.string(), phoneMasked: z.string(), idNumberMasked: z.string().optional() }),
      address: z.object({
        district: z.string(),
        community: z.string(),
        building: z.string().optional(),
        unit: z.string().optional(),
        room: z.string().optional(),
        full: z.string(),
      }),
      areaCode: z.string(),
      utility: Utility,
      customerType: CustomerType,
      status: AccountStatus,
      tags: z.array(z.string()),
      specialNeeds: z.string().optional(),
      contract: z.object({
        no: z.string().optional(),
        startAt: IsoDateTime.optional(),
        tariff: z.string().optional(),
      }),
      meters: z.array(Meter),
      appliances: z.array(Appliance),
      createdAt: IsoDateTime.optional(),
    }),
    residents: z.array(z.object({ userId: z.string(), relation: z.string(), boundAt: IsoDateTime })),
    billing: z.object({
      arrearsFen: z.number().int(),
      unpaidCount: z.number().int(),
      bills: z.object({ items: z.array(CustomerBillRow), total: z.number().int() }),
      payments: z.object({ items: z.array(CustomerPaymentRow), total: z.number().int() }),
    }),
    workOrders: z.object({
      items: z.array(CustomerOrderRow),
      total: z.number().int(),
      open: z.number().int(),
    }),
    inspections: z.object({ items: z.array(CustomerOrderRow), total: z.number().int() }),
    ratings: z.object({ count: z.number().int(), average: z.number().nullable() }),
    chats: z.object({ items: z.array(CustomerChatRow), total: z.number().int() }),
    notes: z.array(z.object({ at: IsoDateTime, by: z.string(), text: z.string() })),
  })
  .openapi('Customer360');
export type Customer360 = z.infer<typeof Customer360>;
/** The sections of the record, each from the feature that owns its data. */
export type Customer360AccountSection = Pick<Customer360, 'account' | 'residents' | 'notes'>;
export type Customer360BillingSection = Customer360['billing'];
export type Customer360WorkOrdersSection = Pick<Customer360, 'workOrders' | 'inspections' | 'ratings'>;
export type Customer360ChatSection = Customer360['chats'];

export const AddCustomerNoteBody = z
  .object({ text: shortText(1000) })
  .strict()
  .openapi('AddCustomerNoteBody');
export type AddCustomerNoteBody = z.infer<typeof AddCustomerNoteBody>;
export const CustomerNote = z
  .object({ at: IsoDateTime, by: z.string(), text: z.string() })
  .openapi('CustomerNote');
export type CustomerNote = z.infer<typeof CustomerNote>;

export const AccountTag = z.enum(['VIP', '困难户', '独居老人', '欠费风险', '重点用户']);
export type AccountTag = z.infer<typeof AccountTag>;
export const UpdateCustomerBody = z
  .object({
    tags: z.array(AccountTag).max(10).optional(),
    specialNeeds: z.string().trim().max(200).optional(),
    status: AccountStatus.optional(),
    phone: z
      .string()
      .regex(/^\d{6,15}$/, '电话号码格式不正确')
      .optional(),
    /** A new holder (过户 recorded by staff): ends the bindings made under the old one. */
    holderName: shortText(50).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一项', path: ['tags'] })
  .openapi('UpdateCustomerBody');
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBody>;

export const RevealedPhone = z.object({ accountNo: z.string(), phone: z.string() }).openapi('RevealedPhone');
export type RevealedPhone = z.infer<typeof RevealedPhone>;

export const UnbindResidentBody = z
  .object({ userId: ObjectId, reason: shortText(200) })
  .strict()
  .openapi('UnbindResidentBody');
export type UnbindResidentBody = z.infer<typeof UnbindResidentBody>;
export const UnbindResidentResult = z.object({ removed: z.literal(true) }).openapi('UnbindResidentResult');
export type UnbindResidentResult = z.infer<typeof UnbindResidentResult>;

// ---------- staff: people ----------

export const StaffListQuery = Page.extend({
  role: StaffRole.optional(),
  q: z.string().trim().min(1).max(50).optional(),
});
export type StaffListQuery = z.infer<typeof StaffListQuery>;

/** The staff member's WeCom (企业微信) userid, as the utility's WeCom admin console shows it ('' clears it). */
const WecomUserId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_\-@.]{0,64}$/, '企业微信账号为1-64位字母、数字或 _ - @ .');

export const StaffMember = StaffProfile.extend({
  phone: z.string().optional(),
  /** New-order and escalation alerts reach this WeCom member's phone (application messages). */
  wecomUserId: z.string().optional(),
  team: z.string().optional(),
  active: z.boolean(),
  lockedUntil: IsoDateTime.optional(),
}).openapi('StaffMember');
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffMemberList = paged(StaffMember).openapi('StaffMemberList');
export type StaffMemberList = z.infer<typeof StaffMemberList>;

export const Password = z.string().min(8, '密码至少8位').max(200);
export type Password = z.infer<typeof Password>;
const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为3-32位字母、数字或 _ . -');
const Areas = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,40}$/),
  )
  .max(50);
const Skills = z.array(shortText(40)).max(30);

export const CreateStaffBody = z
  .object({
    username: Username,
    name: shortText(50),
    password: Password,
    roles: z.array(StaffRole).min(1).max(7),
    areas: Areas.default([]),
    skills: Skills.default([]),
    phone: z
      .string()
      .regex(/^\d{6,15}$/)
      .optional(),
    team: shortText(50).optional(),
    wecomUserId: WecomUserId.optional(),
  })
  .strict()
  .openapi('CreateStaffBody');
export type CreateStaffBody = z.infer<typeof CreateStaffBody>;

export const UpdateStaffBody = z
  .object({
    name: shortText(50).optional(),
    roles: z.array(StaffRole).min(1).max(7).optional(),
    areas: Areas.optional(),
    skills: Skills.optional(),
    phone: z
      .string()
      .regex(/^\d{6,15}$/)
      .optional(),
    /** '' takes the staff member out of their team. */
    team: z.string().trim().max(50, '班组名称不能超过 50 个字').optional(),
    wecomUserId: WecomUserId.optional(),
    active: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict()
  .openapi('UpdateStaffBody');
export type UpdateStaffBody = z.infer<typeof UpdateStaffBody>;

export const StaffIdParams = z.object({ staffId: ObjectId });
export type StaffIdParams = z.infer<typeof StaffIdParams>;

// ---------- import ----------

export const ImportProblem = z.object({ row: z.number().int(), column: z.string(), problem: z.string() });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportQuery = z.object({
  filename: z
    .string()
    .trim()
    .max(200)
    .regex(/\.([xX][lL][sS][xX]|[cC][sS][vV])$/, '仅支持 .xlsx 或 .csv 文件')
    .optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportJob = z
  .object({
    id: z.string(),
    /** What the file held: accounts (with meters) or bills. */
    kind: z.enum(['accounts', 'bills']),
    filename: z.string(),
    /** queued (uploaded, waiting for a worker) → running → done | failed | cancelled. */
    status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    /** Data rows read so far (the file's row count is known only at the end). */
    total: z.number().int(),
    processed: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    problems: z
      .array(ImportProblem)
      .openapi({ description: 'First problems (the full list is the report download)' }),
    rowsPerSecond: z.number().optional(),
    /** The file's size in bytes and how far the rows read so far reach into it (the progress bar). */
    fileBytes: z.number().int().optional(),
    bytesRead: z.number().int().optional(),
    /** A cancel was asked for; the worker stops after the chunk it is writing. */
    cancelRequested: z.boolean().optional(),
    /** Why a failed job failed (unreadable file, lease lost too often). */
    error: z.string().optional(),
    startedAt: IsoDateTime,
    finishedAt: IsoDateTime.optional(),
  })
  .openapi('ImportJob');
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportJobList = paged(ImportJob).openapi('ImportJobList');
export type ImportJobList = z.infer<typeof ImportJobList>;

export const ImportIdParams = z.object({ importId: ObjectId });
export type ImportIdParams = z.infer<typeof ImportIdParams>;

// ---------- audit ----------

export const AuditQuery = Page.extend({
  action: z
    .string()
    .trim()
    .max(64)
    .regex(/^[\w.:-]+$/)
    .optional(),
  actorId: z
    .string()
    .trim()
    .max(64)
    .regex(/^[\w-]+$/)
    .optional(),
  targetId: z
    .string()
    .trim()
    .max(64)
    .regex(/^[\w-]+$/)
    .optional(),
  from: InstantInput.optional(),
  to: InstantInput.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z
  .object({
    id: z.string(),
    at: IsoDateTime,
    actor: z.object({
      kind: z.enum(['staff', 'resident', 'system']),
      id: z.string(),
      name: z.string().optional(),
    }),
    action: z.string(),
    target: z.object({ kind: z.string(), id: z.string() }),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
    outcome: z.string().optional(),
    requestId: z.string().optional(),
  })
  .openapi('AuditEntry');
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = paged(AuditEntry).openapi('AuditPage');
export type AuditPage = z.infer<typeof AuditPage>;

// ---------- area tree (listAreas) ----------

/** Optional filter: only accounts of one utility. */
export const AreaQuery = z.object({ utility: Utility.optional() }).openapi('AreaQuery');
export type AreaQuery = z.infer<typeof AreaQuery>;

const AreaCount = z.number().int().min(0);
export const AreaBuilding = z.object({ name: z.string(), accounts: AreaCount }).openapi('AreaBuilding');
export type AreaBuilding = z.infer<typeof AreaBuilding>;
export const AreaCommunity = z
  .object({ name: z.string(), areaCode: z.string(), accounts: AreaCount, buildings: z.array(AreaBuilding) })
  .openapi('AreaCommunity');
export type AreaCommunity = z.infer<typeof AreaCommunity>;
export const AreaDistrict = z
  .object({ name: z.string(), accounts: AreaCount, communities: z.array(AreaCommunity) })
  .openapi('AreaDistrict');
/** 区 → 小区 → 楼栋 with the number of (not closed) accounts in each; accounts without a building count in the community only. */
export const AreaTree = z
  .object({ accounts: AreaCount, districts: z.array(AreaDistrict) })
  .openapi('AreaTree');
export type AreaTree = z.infer<typeof AreaTree>;
export type AreaDistrict = z.infer<typeof AreaDistrict>;
