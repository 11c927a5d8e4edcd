/** One step of an agent run as imported from the source platform; the shape varies by platform. */
export interface TraceStep {
    type?: string;
    name?: string;
    input?: unknown;
    output?: unknown;
    [key: string]: unknown;
}
/** One span of the source platform's trace tree. */
export interface TraceSpan {
    id?: string;
    name?: string;
    [key: string]: unknown;
}
export declare const traces: import("drizzle-orm/sqlite-core").SQLiteTableWithColumns<{
    name: "traces";
    schema: undefined;
    columns: {
        id: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "id";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: true;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        workspaceId: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "workspace_id";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        integrationId: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "integration_id";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        traceId: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "trace_id";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        source: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: "langfuse" | "langsmith" | "openai" | "playground" | "taskset";
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: ["langfuse" | "langsmith" | "openai" | "playground" | "taskset", ...("langfuse" | "langsmith" | "openai" | "playground" | "taskset")[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        timestamp: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "timestamp";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        metadata: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "json";
            columnType: "SQLiteTextJson";
            data: Record<string, unknown>;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            $type: Record<string, unknown>;
        }>;
        steps: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "json";
            columnType: "SQLiteTextJson";
            data: TraceStep[];
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            $type: TraceStep[];
        }>;
        spans: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "json";
            columnType: "SQLiteTextJson";
            data: TraceSpan[];
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            $type: TraceSpan[];
        }>;
        rawData: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "json";
            columnType: "SQLiteTextJson";
            data: unknown;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            $type: unknown;
        }>;
        totalTokens: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "total_tokens";
            tableName: "traces";
            dataType: "number";
            columnType: "SQLiteInteger";
            data: number;
            driverParam: number;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {}>;
        totalDurationMs: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "total_duration_ms";
            tableName: "traces";
            dataType: "number";
            columnType: "SQLiteInteger";
            data: number;
            driverParam: number;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {}>;
        spanCount: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "span_count";
            tableName: "traces";
            dataType: "number";
            columnType: "SQLiteInteger";
            data: number;
            driverParam: number;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {}>;
        inputPreview: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "input_preview";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        outputPreview: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "output_preview";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        stepCount: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "step_count";
            tableName: "traces";
            dataType: "number";
            columnType: "SQLiteInteger";
            data: number;
            driverParam: number;
            notNull: false;
            hasDefault: true;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {}>;
        hasErrors: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "boolean";
            columnType: "SQLiteBoolean";
            data: boolean;
            driverParam: number;
            notNull: false;
            hasDefault: true;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {}>;
        agentVersionId: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "agent_version_id";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        assignmentStatus: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: "unassigned" | "assigned" | "orphaned";
            driverParam: string;
            notNull: true;
            hasDefault: true;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: ["unassigned" | "assigned" | "orphaned", ...("unassigned" | "assigned" | "orphaned")[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        systemPromptId: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "system_prompt_id";
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        importedAt: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "traces";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: true;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
    };
    dialect: "sqlite";
}>;
export declare const traceSummaries: import("drizzle-orm/sqlite-core").SQLiteTableWithColumns<{
    name: "trace_summaries";
    schema: undefined;
    columns: {
        traceId: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "trace_id";
            tableName: "trace_summaries";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: true;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        summary: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: "summary";
            tableName: "trace_summaries";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
        keyBehaviors: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "trace_summaries";
            dataType: "json";
            columnType: "SQLiteTextJson";
            data: string[];
            driverParam: string;
            notNull: false;
            hasDefault: false;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: undefined;
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            $type: string[];
        }>;
        createdAt: import("drizzle-orm/sqlite-core").SQLiteColumn<{
            name: string;
            tableName: "trace_summaries";
            dataType: "string";
            columnType: "SQLiteText";
            data: string;
            driverParam: string;
            notNull: true;
            hasDefault: true;
            isPrimaryKey: false;
            isAutoincrement: false;
            hasRuntimeDefault: false;
            enumValues: [string, ...string[]];
            baseColumn: never;
            identity: undefined;
            generated: undefined;
        }, {}, {
            length: number | undefined;
        }>;
    };
    dialect: "sqlite";
}>;
export declare const tracesRelations: import("drizzle-orm").Relations<"traces", {
    workspace: import("drizzle-orm").One<"workspaces", true>;
    integration: import("drizzle-orm").One<"integrations", false>;
    agentVersion: import("drizzle-orm").One<"agent_versions", false>;
    systemPrompt: import("drizzle-orm").One<"system_prompts", false>;
    summary: import("drizzle-orm").One<"trace_summaries", false>;
    feedback: import("drizzle-orm").One<"feedback", false>;
    taskMetadata: import("drizzle-orm").One<"task_metadata", false>;
    evalExecutions: import("drizzle-orm").Many<"eval_executions">;
    taskFeedbackPairs: import("drizzle-orm").Many<"task_feedback_pairs">;
    taskSimilarTraces: import("drizzle-orm").Many<"task_similar_traces">;
    playgroundSteps: import("drizzle-orm").Many<"playground_steps">;
    tasksetTasks: import("drizzle-orm").Many<"taskset_tasks">;
    tasksetRunResults: import("drizzle-orm").Many<"taskset_run_results">;
}>;
export declare const traceSummariesRelations: import("drizzle-orm").Relations<"trace_summaries", {
    trace: import("drizzle-orm").One<"traces", true>;
}>;
export type Trace = typeof traces.$inferSelect;
export type NewTrace = typeof traces.$inferInsert;
export type TraceSummary = typeof traceSummaries.$inferSelect;
export type NewTraceSummary = typeof traceSummaries.$inferInsert;
