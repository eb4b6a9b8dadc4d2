/**
 * What mongod's explain names, for tests that hold a query to its plan: every plan stage (`stage: 'IXSCAN'`),
 * every index a stage reads (`indexName`) and every aggregation stage (`$sort`), anywhere in the explain. The
 * classic and slot-based engines nest them differently. Not the command it echoes, nor the plans it rejected.
 * Operators of the parsed query (`$eq`) are named too; `planStagesOf` leaves them out.
 */
const NOT_THE_PLAN = new Set(['command', 'rejectedPlans', 'serverInfo', 'serverParameters']);

export const stagesOf = (plan: unknown): string[] =>
  Array.isArray(plan)
    ? plan.flatMap(stagesOf)
    : plan && typeof plan === 'object'
      ? Object.entries(plan)
          .filter(([k]) => !NOT_THE_PLAN.has(k))
          .flatMap(([k, v]) => [
            ...((k === 'stage' || k === 'indexName') && typeof v === 'string'
              ? [v]
              : k.startsWith('$')
                ? [k]
                : []),
            ...stagesOf(v),
          ])
      : [];

/** The plan stages and indexes alone, without the `$` names of the query or the pipeline. */
export const planStagesOf = (explain: unknown) => stagesOf(explain).filter((s) => !s.startsWith('$'));
