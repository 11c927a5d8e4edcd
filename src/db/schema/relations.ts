/**
 * The relations of every table, for drizzle's relational queries (`db.query.agents.findMany({ with })`).
 * They live apart from the tables, as `drizzle-kit pull` writes them, so that a table file imports
 * only the tables its foreign keys reference.
 */
import { relations } from 'drizzle-orm';
import { agentFunctions, agentVersions, agents, functions } from './agents';
import { evalCandidates, evalCvResults, evalExecutions, evals } from './evals';
import { feedback, taskFeedbackPairs } from './feedback';
import { gepaRunTasks, gepaRuns } from './gepa';
import { integrations } from './integrations';
import { jobRetryHistory, jobs } from './jobs';
import { performanceAlerts, performanceSnapshots } from './monitoring';
import { playgroundSessions, playgroundSteps } from './playground';
import { promptIterations, systemPrompts } from './prompts';
import { autoRefineCooldowns, refinementHistory } from './refinement';
import { rolloutBatches, rolloutResults } from './rollout';
import { taskMetadata, taskSimilarTraces } from './tasks';
import { tasksetRunResults, tasksetRuns, tasksetTasks, tasksets } from './tasksets';
import { agentTools, tools } from './tools';
import { traceSummaries, traces } from './traces';
import { users, workspaces } from './users';

export const agentsRelations = relations(agents, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [agents.workspaceId], references: [workspaces.id] }),
  versions: many(agentVersions),
  agentFunctions: many(agentFunctions),
  agentTools: many(agentTools),
  evals: many(evals),
  evalCandidates: many(evalCandidates),
  feedback: many(feedback),
  jobs: many(jobs),
  playgroundSessions: many(playgroundSessions),
  tasksets: many(tasksets),
  tasksetRuns: many(tasksetRuns),
  gepaRuns: many(gepaRuns),
  rolloutBatches: many(rolloutBatches),
}));

export const agentVersionsRelations = relations(agentVersions, ({ one, many }) => ({
  agent: one(agents, { fields: [agentVersions.agentId], references: [agents.id] }),
  traces: many(traces),
  jobs: many(jobs),
  playgroundSessions: many(playgroundSessions),
  /** GEPA runs whose optimised prompt became this version. */
  gepaRuns: many(gepaRuns),
}));

export const functionsRelations = relations(functions, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [functions.workspaceId], references: [workspaces.id] }),
  agentFunctions: many(agentFunctions),
}));

export const agentFunctionsRelations = relations(agentFunctions, ({ one }) => ({
  agent: one(agents, { fields: [agentFunctions.agentId], references: [agents.id] }),
  function: one(functions, { fields: [agentFunctions.functionId], references: [functions.id] }),
}));

export const evalsRelations = relations(evals, ({ one, many }) => ({
  agent: one(agents, { fields: [evals.agentId], references: [agents.id] }),
  parent: one(evals, { fields: [evals.parentEvalId], references: [evals.id], relationName: 'evalLineage' }),
  children: many(evals, { relationName: 'evalLineage' }),
  executions: many(evalExecutions),
  candidates: many(evalCandidates),
  performanceSnapshots: many(performanceSnapshots),
  performanceAlerts: many(performanceAlerts),
  refinementHistory: many(refinementHistory),
  // auto_refine_cooldowns.eval_id is unique: at most one cooldown per eval.
  autoRefineCooldown: one(autoRefineCooldowns),
  gepaRuns: many(gepaRuns),
}));

export const evalExecutionsRelations = relations(evalExecutions, ({ one }) => ({
  eval: one(evals, { fields: [evalExecutions.evalId], references: [evals.id] }),
  trace: one(traces, { fields: [evalExecutions.traceId], references: [traces.id] }),
}));

export const evalCandidatesRelations = relations(evalCandidates, ({ one, many }) => ({
  agent: one(agents, { fields: [evalCandidates.agentId], references: [agents.id] }),
  eval: one(evals, { fields: [evalCandidates.evalId], references: [evals.id] }),
  parent: one(evalCandidates, {
    fields: [evalCandidates.parentCandidateId],
    references: [evalCandidates.id],
    relationName: 'evalCandidateLineage',
  }),
  children: many(evalCandidates, { relationName: 'evalCandidateLineage' }),
  cvResults: many(evalCvResults),
}));

export const evalCvResultsRelations = relations(evalCvResults, ({ one }) => ({
  candidate: one(evalCandidates, { fields: [evalCvResults.candidateId], references: [evalCandidates.id] }),
}));

export const feedbackRelations = relations(feedback, ({ one }) => ({
  trace: one(traces, { fields: [feedback.traceId], references: [traces.id] }),
  agent: one(agents, { fields: [feedback.agentId], references: [agents.id] }),
}));

export const taskFeedbackPairsRelations = relations(taskFeedbackPairs, ({ one }) => ({
  taskMetadata: one(taskMetadata, { fields: [taskFeedbackPairs.taskMetadataId], references: [taskMetadata.id] }),
  feedbackTrace: one(traces, { fields: [taskFeedbackPairs.feedbackTraceId], references: [traces.id] }),
}));

export const gepaRunsRelations = relations(gepaRuns, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [gepaRuns.workspaceId], references: [workspaces.id] }),
  agent: one(agents, { fields: [gepaRuns.agentId], references: [agents.id] }),
  eval: one(evals, { fields: [gepaRuns.evalId], references: [evals.id] }),
  taskset: one(tasksets, { fields: [gepaRuns.tasksetId], references: [tasksets.id] }),
  optimizedVersion: one(agentVersions, { fields: [gepaRuns.optimizedVersionId], references: [agentVersions.id] }),
  tasks: many(gepaRunTasks),
}));

export const gepaRunTasksRelations = relations(gepaRunTasks, ({ one }) => ({
  run: one(gepaRuns, { fields: [gepaRunTasks.runId], references: [gepaRuns.id] }),
  task: one(tasksetTasks, { fields: [gepaRunTasks.taskId], references: [tasksetTasks.id] }),
}));

export const integrationsRelations = relations(integrations, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [integrations.workspaceId], references: [workspaces.id] }),
  traces: many(traces),
}));

export const jobsRelations = relations(jobs, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [jobs.workspaceId], references: [workspaces.id] }),
  agent: one(agents, { fields: [jobs.agentId], references: [agents.id] }),
  agentVersion: one(agentVersions, { fields: [jobs.agentVersionId], references: [agentVersions.id] }),
  retryHistory: many(jobRetryHistory),
  performanceAlerts: many(performanceAlerts),
  refinementHistory: many(refinementHistory),
}));

export const jobRetryHistoryRelations = relations(jobRetryHistory, ({ one }) => ({
  job: one(jobs, { fields: [jobRetryHistory.jobId], references: [jobs.id] }),
}));

export const performanceSnapshotsRelations = relations(performanceSnapshots, ({ one }) => ({
  eval: one(evals, { fields: [performanceSnapshots.evalId], references: [evals.id] }),
}));

export const performanceAlertsRelations = relations(performanceAlerts, ({ one, many }) => ({
  eval: one(evals, { fields: [performanceAlerts.evalId], references: [evals.id] }),
  prompt: one(systemPrompts, { fields: [performanceAlerts.promptId], references: [systemPrompts.id] }),
  autoActionJob: one(jobs, { fields: [performanceAlerts.autoActionJobId], references: [jobs.id] }),
  refinementHistory: many(refinementHistory),
}));

export const playgroundSessionsRelations = relations(playgroundSessions, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [playgroundSessions.workspaceId], references: [workspaces.id] }),
  agent: one(agents, { fields: [playgroundSessions.agentId], references: [agents.id] }),
  agentVersion: one(agentVersions, {
    fields: [playgroundSessions.agentVersionId],
    references: [agentVersions.id],
  }),
  steps: many(playgroundSteps),
}));

export const playgroundStepsRelations = relations(playgroundSteps, ({ one }) => ({
  session: one(playgroundSessions, { fields: [playgroundSteps.sessionId], references: [playgroundSessions.id] }),
  trace: one(traces, { fields: [playgroundSteps.traceId], references: [traces.id] }),
}));

export const systemPromptsRelations = relations(systemPrompts, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [systemPrompts.workspaceId], references: [workspaces.id] }),
  traces: many(traces),
  performanceAlerts: many(performanceAlerts),
  iterationsAsParent: many(promptIterations, { relationName: 'parentPrompt' }),
  iterationsAsCurrent: many(promptIterations, { relationName: 'currentPrompt' }),
}));

export const promptIterationsRelations = relations(promptIterations, ({ one }) => ({
  workspace: one(workspaces, { fields: [promptIterations.workspaceId], references: [workspaces.id] }),
  parentPrompt: one(systemPrompts, {
    fields: [promptIterations.parentPromptId],
    references: [systemPrompts.id],
    relationName: 'parentPrompt',
  }),
  currentPrompt: one(systemPrompts, {
    fields: [promptIterations.currentPromptId],
    references: [systemPrompts.id],
    relationName: 'currentPrompt',
  }),
}));

export const refinementHistoryRelations = relations(refinementHistory, ({ one }) => ({
  eval: one(evals, { fields: [refinementHistory.evalId], references: [evals.id] }),
  triggerAlert: one(performanceAlerts, {
    fields: [refinementHistory.triggerAlertId],
    references: [performanceAlerts.id],
  }),
  job: one(jobs, { fields: [refinementHistory.jobId], references: [jobs.id] }),
}));

export const autoRefineCooldownsRelations = relations(autoRefineCooldowns, ({ one }) => ({
  eval: one(evals, { fields: [autoRefineCooldowns.evalId], references: [evals.id] }),
}));

export const rolloutBatchesRelations = relations(rolloutBatches, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [rolloutBatches.workspaceId], references: [workspaces.id] }),
  agent: one(agents, { fields: [rolloutBatches.agentId], references: [agents.id] }),
  results: many(rolloutResults),
}));

export const rolloutResultsRelations = relations(rolloutResults, ({ one }) => ({
  batch: one(rolloutBatches, { fields: [rolloutResults.batchId], references: [rolloutBatches.id] }),
}));

export const taskMetadataRelations = relations(taskMetadata, ({ one, many }) => ({
  trace: one(traces, { fields: [taskMetadata.traceId], references: [traces.id] }),
  feedbackPairs: many(taskFeedbackPairs),
  similarTraces: many(taskSimilarTraces),
}));

export const taskSimilarTracesRelations = relations(taskSimilarTraces, ({ one }) => ({
  taskMetadata: one(taskMetadata, { fields: [taskSimilarTraces.taskMetadataId], references: [taskMetadata.id] }),
  similarTrace: one(traces, { fields: [taskSimilarTraces.similarTraceId], references: [traces.id] }),
}));

export const tasksetsRelations = relations(tasksets, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [tasksets.workspaceId], references: [workspaces.id] }),
  agent: one(agents, { fields: [tasksets.agentId], references: [agents.id] }),
  tasks: many(tasksetTasks),
  runs: many(tasksetRuns),
  gepaRuns: many(gepaRuns),
}));

export const tasksetTasksRelations = relations(tasksetTasks, ({ one, many }) => ({
  taskset: one(tasksets, { fields: [tasksetTasks.tasksetId], references: [tasksets.id] }),
  sourceTrace: one(traces, { fields: [tasksetTasks.sourceTraceId], references: [traces.id] }),
  runResults: many(tasksetRunResults),
  gepaRunTasks: many(gepaRunTasks),
}));

export const tasksetRunsRelations = relations(tasksetRuns, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [tasksetRuns.workspaceId], references: [workspaces.id] }),
  agent: one(agents, { fields: [tasksetRuns.agentId], references: [agents.id] }),
  taskset: one(tasksets, { fields: [tasksetRuns.tasksetId], references: [tasksets.id] }),
  results: many(tasksetRunResults),
}));

export const tasksetRunResultsRelations = relations(tasksetRunResults, ({ one }) => ({
  run: one(tasksetRuns, { fields: [tasksetRunResults.runId], references: [tasksetRuns.id] }),
  task: one(tasksetTasks, { fields: [tasksetRunResults.taskId], references: [tasksetTasks.id] }),
  trace: one(traces, { fields: [tasksetRunResults.traceId], references: [traces.id] }),
}));

export const toolsRelations = relations(tools, ({ many }) => ({
  agentTools: many(agentTools),
}));

export const agentToolsRelations = relations(agentTools, ({ one }) => ({
  agent: one(agents, { fields: [agentTools.agentId], references: [agents.id] }),
  tool: one(tools, { fields: [agentTools.toolId], references: [tools.id] }),
}));

export const tracesRelations = relations(traces, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [traces.workspaceId], references: [workspaces.id] }),
  integration: one(integrations, { fields: [traces.integrationId], references: [integrations.id] }),
  agentVersion: one(agentVersions, { fields: [traces.agentVersionId], references: [agentVersions.id] }),
  systemPrompt: one(systemPrompts, { fields: [traces.systemPromptId], references: [systemPrompts.id] }),
  // One-to-one: trace_summaries, feedback and task_metadata each hold at most one row per trace.
  summary: one(traceSummaries),
  feedback: one(feedback),
  taskMetadata: one(taskMetadata),
  evalExecutions: many(evalExecutions),
  taskFeedbackPairs: many(taskFeedbackPairs),
  taskSimilarTraces: many(taskSimilarTraces),
  playgroundSteps: many(playgroundSteps),
  tasksetTasks: many(tasksetTasks),
  tasksetRunResults: many(tasksetRunResults),
}));

export const traceSummariesRelations = relations(traceSummaries, ({ one }) => ({
  trace: one(traces, { fields: [traceSummaries.traceId], references: [traces.id] }),
}));

export const usersRelations = relations(users, ({ many }) => ({
  workspaces: many(workspaces),
}));

export const workspacesRelations = relations(workspaces, ({ one, many }) => ({
  user: one(users, { fields: [workspaces.userId], references: [users.id] }),
  agents: many(agents),
  functions: many(functions),
  integrations: many(integrations),
  traces: many(traces),
  jobs: many(jobs),
  playgroundSessions: many(playgroundSessions),
  systemPrompts: many(systemPrompts),
  promptIterations: many(promptIterations),
  tasksets: many(tasksets),
  tasksetRuns: many(tasksetRuns),
  gepaRuns: many(gepaRuns),
  rolloutBatches: many(rolloutBatches),
}));
