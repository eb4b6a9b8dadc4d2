/**
 * Reads by key that went through no index, found by logging the stand-in's collection scans under the tests:
 * - hazards by order number: the inspection form's retry (which of an order's hazards it keeps and drops), and
 *   the KPI roll-up's 隐患 of the orders it rolls up;
 * - appointments by slot: a hold's or a blackout's bookings on the 预约时段 screen;
 * - slots by day: the area codes with slots in a hold's days, when a hold or blackout is placed or listed.
 * Each read every document of its collection, on mongod as on the stand-in. Here the stand-in's own storage gets
 * the indexes the schema declares and the portal's filters, and must read no collection for them.
 */
import type { Model } from 'mongoose';
import { AppointmentModel, SlotModel } from '../../src/modules/workorders/appointments/appointment.model';
import { HazardModel } from '../../src/modules/workorders/inspections/hazard.model';
import { COUNT_SCANS, onStandIn, standInProbe } from '../platform/standInProbe';

const script = String.raw`
${COUNT_SCANS}
import json, sys
docs, indexes, filters = (json.loads(a) for a in sys.argv[1:4])
s = storage.Storage(":memory:")
s.insert("probe", "c", docs)
for i, (keys, options) in enumerate(indexes):
    s.create_index("probe", "c", "i%d" % i, keys, options)
found = {}
for label, flt in filters.items():
    del scans[:]
    found[label] = {"answer": len(s.find_matching("probe", "c", flt)), "scans": len(scans)}
print(json.dumps(found))
`;

/** How many documents each filter finds, and how many collection scans it took, over the model's declared indexes. */
function read(model: Model<any>, docs: object[], filters: Record<string, object>) {
  const declared = model.schema.indexes().map(([keys, o]) => [keys, o.unique ? { unique: true } : {}]);
  return standInProbe<Record<string, { answer: number; scans: number }>>(script, [
    JSON.stringify(docs),
    JSON.stringify(declared),
    JSON.stringify(filters),
  ]);
}

const id = (n: number) => `WO${String(n).padStart(4, '0')}`;

(onStandIn ? describe : describe.skip)('reads by key go through an index', () => {
  it('hazards by order number', () => {
    const hazards = Array.from({ length: 900 }, (_, n) => ({
      orderNo: id(Math.floor(n / 3)),
      sourceKey: `${id(Math.floor(n / 3))}#0${n % 3}`,
      status: 'open',
    }));
    expect(
      read(HazardModel, hazards, {
        // inspectionForm.service.ts: the hazards a retry no longer has, then those it keeps
        dropped: { orderNo: 'WO0007', sourceKey: { $nin: ['WO0007#00'] } },
        kept: { orderNo: 'WO0007' },
        // hazardReports.ts hazardsOfOrders: the roll-up's orders
        ofOrders: { orderNo: { $in: ['WO0007', 'WO0100', 'WO9999'] } },
      }),
    ).toEqual({
      dropped: { answer: 2, scans: 0 },
      kept: { answer: 3, scans: 0 },
      ofOrders: { answer: 6, scans: 0 },
    });
  });

  it('appointments by slot', () => {
    const appointments = Array.from({ length: 900 }, (_, n) => ({
      slotId: `slot-${n % 300}`,
      orderNo: id(n),
      accountNo: `31${String(n).padStart(8, '0')}`,
      status: n % 3 ? 'booked' : 'cancelled',
    }));
    // capacity.service.ts bookingsIn
    expect(
      read(AppointmentModel, appointments, {
        booked: { slotId: { $in: ['slot-1', 'slot-2', 'slot-3'] }, status: 'booked' },
      }),
    ).toEqual({ booked: { answer: 6, scans: 0 } });
  });

  it('slots by day', () => {
    const days = Array.from({ length: 30 }, (_, d) => `2026-12-${String(d + 1).padStart(2, '0')}`);
    const slots = days.flatMap((date) =>
      ['CY-WJY', 'CY-TJH', 'HD-QH'].flatMap((areaCode) =>
        ['am', 'pm'].map((window) => ({ areaCode, type: 'repair', date, window })),
      ),
    );
    // capacity.service.ts holdSlotFilter: the area codes with slots in the hold's days
    expect(read(SlotModel, slots, { days: { date: { $gte: '2026-12-24', $lte: '2026-12-26' } } })).toEqual({
      days: { answer: 18, scans: 0 },
    });
  });
});
