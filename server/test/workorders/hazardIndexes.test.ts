/**
 * Hazards are read by order number (the inspection form's retry, which keeps or drops an order's hazards; the KPI
 * roll-up's 隐患 of the orders it rolls up) through an index: the stand-in's own storage, given the indexes the
 * hazard schema declares and the portal's filters, reads no collection for them. (Before the orderNo index, each
 * of these read every hazard, on mongod as on the stand-in.)
 */
import { HazardModel } from '../../src/modules/workorders/inspections/hazard.model';
import { COUNT_SCANS, onStandIn, standInProbe } from '../platform/standInProbe';

const script = String.raw`
${COUNT_SCANS}
import json, sys
s = storage.Storage(":memory:")
s.insert("probe", "hazards", [
    {"orderNo": "WO%04d" % (n // 3), "sourceKey": "WO%04d#%02d" % (n // 3, n % 3), "status": "open"}
    for n in range(900)
])
for i, (keys, options) in enumerate(json.loads(sys.argv[1])):
    s.create_index("probe", "hazards", "i%d" % i, keys, options)
found = {}
for label, flt in json.loads(sys.argv[2]).items():
    del scans[:]
    found[label] = {"answer": len(s.find_matching("probe", "hazards", flt)), "scans": len(scans)}
print(json.dumps(found))
`;

(onStandIn ? it : it.skip)('hazards are read by order number without reading the whole collection', () => {
  const declared = HazardModel.schema
    .indexes()
    .map(([keys, o]) => [keys, o.unique ? { unique: true } : {}] as const);
  const filters = {
    // inspectionForm.service.ts: the hazards a retry no longer has, then those it keeps
    dropped: { orderNo: 'WO0007', sourceKey: { $nin: ['WO0007#00'] } },
    kept: { orderNo: 'WO0007' },
    // hazardReports.ts hazardsOfOrders: the roll-up's orders
    ofOrders: { orderNo: { $in: ['WO0007', 'WO0100', 'WO9999'] } },
  };
  const found = standInProbe<Record<string, { answer: number; scans: number }>>(script, [
    JSON.stringify(declared),
    JSON.stringify(filters),
  ]);
  expect(found).toEqual({
    dropped: { answer: 2, scans: 0 },
    kept: { answer: 3, scans: 0 },
    ofOrders: { answer: 6, scans: 0 },
  });
});
