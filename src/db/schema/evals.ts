import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, integer, real, sqliteTable, sqliteView, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { bool, createdAt, enumColumn, id, json, oneOf, timestamp, updatedAt } from './columns';
import { evalCandidateStatuses, evalStatuses, feedbackRatings } from './enums';
import { traces } from './traces';

/** The per-eval limits beyond which monitoring raises an alert. */
export interface MonitoringThresholds {
  min_accuracy?: number;
  max_contradiction_rate?: number;
  max_error_rate?: number;
  min_executions_for_alert?: number;
}

/** Counts of a candidate's verdicts against human feedback. */
export type ConfusionMatrix = Record<string, number>;

/** A candidate's verdict on one trace of its test set. */
export interface PerTraceResult {
  trace_id?: string;
  [key: string]: unknown;
}

/** The metrics of one cross-validation fold. */
export interface CvFoldResult {
  fold?: number;
  [key: string]: unknown;
}

export const evals = sqliteTable(
  'evals',
  {
    id: id(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    parentEvalId: text('parent_eval_id').references((): AnySQLiteColumn => evals.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    description: text('description'),
    /** Python source. */
    code: text('code').notNull(),
    modelUsed: text('model_used'),
    accuracy: real('accuracy'),
    trainingTraceIds: json<string[]>('training_trace_ids'),
    generationPrompt: text('generation_prompt'),
    testResults: json<Record<string, unknown>>('test_results'),
    executionCount: integer('execution_count').default(0),
    contradictionCount: integer('contradiction_count').default(0),
    status: enumColumn('status', evalStatuses).notNull().default('draft'),
    autoExecuteEnabled: bool('auto_execute_enabled').default(false),
    autoRefineEnabled: bool('auto_refine_enabled').default(false),
    monitoringThresholds: json<MonitoringThresholds>('monitoring_thresholds'),
    cohenKappa: real('cohen_kappa'),
    f1Score: real('f1_score'),
    precision: real('precision'),
    recall: real('recall'),
    variation: text('variation'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('evals_agent_id_version_unique').on(t.agentId, t.version),
    index('idx_evals_name').on(t.name),
    index('idx_evals_status').on(t.status),
    index('idx_evals_parent_eval_id').on(t.parentEvalId),
    oneOf('evals', 'status', evalStatuses),
  ],
);

export const evalExecutions = sqliteTable(
  'eval_executions',
  {
    id: id(),
    evalId: text('eval_id')
      .notNull()
      .references(() => evals.id, { onDelete: 'cascade' }),
    traceId: text('trace_id')
      .notNull()
      .references(() => traces.id, { onDelete: 'cascade' }),
    predictedResult: bool('predicted_result'),
    predictedReason: text('predicted_reason'),
    executionTimeMs: integer('execution_time_ms'),
    error: text('error'),
    stdout: text('stdout'),
    stderr: text('stderr'),
    score: real('score'),
    llmCalls: integer('llm_calls'),
    llmCostUsd: real('llm_cost_usd'),
    cacheHits: integer('cache_hits'),
    executedAt: timestamp('executed_at'),
  },
  (t) => [index('idx_eval_executions_trace_id').on(t.traceId), index('idx_eval_executions_eval_id_executed_at_trace_id').on(t.evalId, t.executedAt, t.traceId)],
);

export const evalCandidates = sqliteTable(
  'eval_candidates',
  {
    id: id(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** The eval this candidate was promoted to. */
    evalId: text('eval_id').references(() => evals.id, { onDelete: 'set null' }),
    code: text('code').notNull(),
    variation: text('variation'),
    agreementRate: real('agreement_rate'),
    accuracy: real('accuracy'),
    cohenKappa: real('cohen_kappa'),
    f1Score: real('f1_score'),
    confusionMatrix: json<ConfusionMatrix>('confusion_matrix'),
    perTraceResults: json<PerTraceResult[]>('per_trace_results'),
    totalCostUsd: real('total_cost_usd'),
    avgDurationMs: real('avg_duration_ms'),
    status: enumColumn('status', evalCandidateStatuses).notNull().default('candidate'),
    parentCandidateId: text('parent_candidate_id').references((): AnySQLiteColumn => evalCandidates.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    activatedAt: text('activated_at'),
  },
  (t) => [
    index('idx_eval_candidates_agent_id').on(t.agentId),
    index('idx_eval_candidates_status').on(t.status),
    index('idx_eval_candidates_eval_id').on(t.evalId),
    index('idx_eval_candidates_parent_candidate_id').on(t.parentCandidateId),
    index('idx_eval_candidates_created_at').on(t.createdAt),
    oneOf('eval_candidates', 'status', evalCandidateStatuses),
  ],
);

export const evalCvResults = sqliteTable(
  'eval_cv_results',
  {
    id: id(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => evalCandidates.id, { onDelete: 'cascade' }),
    kFolds: integer('k_folds').notNull().default(5),
    meanAccuracy: real('mean_accuracy'),
    meanKappa: real('mean_kappa'),
    meanF1: real('mean_f1'),
    meanAgreementRate: real('mean_agreement_rate'),
    stdAccuracy: real('std_accuracy'),
    stdKappa: real('std_kappa'),
    isStable: bool('is_stable'),
    foldResults: json<CvFoldResult[]>('fold_results'),
    createdAt: createdAt(),
  },
  (t) => [index('idx_eval_cv_results_candidate_id').on(t.candidateId), index('idx_eval_cv_results_mean_accuracy').on(t.meanAccuracy)],
);

/**
 * One row per eval execution beside the human rating of its trace: a contradiction is a
 * positive rating the eval failed, or a negative one it passed. Written as plain SQL, not
 * with the query builder: that would read `feedback` while this module is being evaluated,
 * and the agents → evals → feedback → agents import cycle leaves it undefined whenever
 * feedback.ts (or tasks.ts) is imported first.
 */
export const evalComparison = sqliteView('eval_comparison', {
  evalId: text('eval_id').notNull(),
  traceId: text('trace_id').notNull(),
  predictedResult: bool('predicted_result'),
  /** NULL when the trace has no feedback. */
  rating: enumColumn('rating', feedbackRatings),
  isContradiction: integer('is_contradiction').notNull(),
  executedAt: text('executed_at').notNull(),
}).as(
  sql`SELECT
  e.eval_id AS eval_id,
  e.trace_id AS trace_id,
  e.predicted_result AS predicted_result,
  f.rating AS rating,
  CASE
    WHEN f.rating = 'positive' AND e.predicted_result = 0 THEN 1
    WHEN f.rating = 'negative' AND e.predicted_result = 1 THEN 1
    ELSE 0
  END AS is_contradiction,
  e.executed_at AS executed_at
FROM eval_executions e
LEFT JOIN feedback f ON f.trace_id = e.trace_id`,
);

export type Eval = typeof evals.$inferSelect;
export type NewEval = typeof evals.$inferInsert;
export type EvalExecution = typeof evalExecutions.$inferSelect;
export type NewEvalExecution = typeof evalExecutions.$inferInsert;
export type EvalCandidate = typeof evalCandidates.$inferSelect;
export type NewEvalCandidate = typeof evalCandidates.$inferInsert;
export type EvalCvResult = typeof evalCvResults.$inferSelect;
export type NewEvalCvResult = typeof evalCvResults.$inferInsert;
export type EvalComparison = typeof evalComparison.$inferSelect;
