-- CreateEnum
CREATE TYPE "WorkloadKind" AS ENUM ('k8s-deployment', 'k8s-statefulset', 'k8s-cronjob', 'process', 'webhook');

-- CreateEnum
CREATE TYPE "PolicyType" AS ENUM ('schedule', 'idle', 'carbon-threshold', 'carbon-window', 'always-on');

-- CreateEnum
CREATE TYPE "PowerState" AS ENUM ('on', 'off');

-- CreateEnum
CREATE TYPE "ObservedState" AS ENUM ('on', 'off', 'scaled', 'unknown');

-- CreateEnum
CREATE TYPE "WorkloadHealth" AS ENUM ('ok', 'degraded');

-- CreateEnum
CREATE TYPE "ActuationStatus" AS ENUM ('pending', 'in_progress', 'succeeded', 'failed', 'skipped', 'dry_run');

-- CreateEnum
CREATE TYPE "SignalKind" AS ENUM ('actual', 'forecast');

-- CreateEnum
CREATE TYPE "TokenRole" AS ENUM ('viewer', 'operator', 'admin');

-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "Workload" (
    "id" UUID NOT NULL,
    "name" VARCHAR(253) NOT NULL,
    "kind" "WorkloadKind" NOT NULL,
    "description" TEXT,
    "target" JSONB NOT NULL,
    "zone" VARCHAR(64) NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "replicasOn" INTEGER NOT NULL DEFAULT 1,
    "replicasOff" INTEGER NOT NULL DEFAULT 0,
    "vcpu" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "memoryGb" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "energySource" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Workload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkloadState" (
    "workloadId" UUID NOT NULL,
    "desiredState" "PowerState",
    "desiredReplicas" INTEGER,
    "observedState" "ObservedState" NOT NULL DEFAULT 'unknown',
    "observedReplicas" INTEGER,
    "rememberedReplicas" INTEGER,
    "health" "WorkloadHealth" NOT NULL DEFAULT 'ok',
    "lastError" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "observedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkloadState_pkey" PRIMARY KEY ("workloadId")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" UUID NOT NULL,
    "name" VARCHAR(253) NOT NULL,
    "type" "PolicyType" NOT NULL,
    "description" TEXT,
    "spec" JSONB NOT NULL,
    "selector" TEXT NOT NULL DEFAULT '',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Override" (
    "id" UUID NOT NULL,
    "workloadId" UUID NOT NULL,
    "state" "PowerState" NOT NULL,
    "replicas" INTEGER,
    "startsAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" VARCHAR(253) NOT NULL,
    "reason" TEXT NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "workloadId" UUID NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fromState" "ObservedState" NOT NULL,
    "toState" "PowerState" NOT NULL,
    "fromReplicas" INTEGER,
    "toReplicas" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "policyId" UUID,
    "policyName" VARCHAR(253),
    "overrideId" UUID,
    "signals" JSONB NOT NULL DEFAULT '{}',
    "until" TIMESTAMPTZ(3),
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "actuationStatus" "ActuationStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "actuatedAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignalSample" (
    "id" BIGSERIAL NOT NULL,
    "zone" VARCHAR(64) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "intensityGPerKwh" DOUBLE PRECISION NOT NULL,
    "source" VARCHAR(64) NOT NULL,
    "kind" "SignalKind" NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignalSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DemandSample" (
    "id" BIGSERIAL NOT NULL,
    "workloadId" UUID NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "windowSeconds" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "source" VARCHAR(64) NOT NULL,

    CONSTRAINT "DemandSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" BIGSERIAL NOT NULL,
    "workloadId" UUID NOT NULL,
    "intervalStart" TIMESTAMPTZ(3) NOT NULL,
    "intervalEnd" TIMESTAMPTZ(3) NOT NULL,
    "state" "PowerState" NOT NULL,
    "zone" VARCHAR(64) NOT NULL,
    "intensityGPerKwh" DOUBLE PRECISION,
    "energyMethod" VARCHAR(32) NOT NULL DEFAULT 'model',
    "cpuSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "memoryGbSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "energyKwh" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "carbonGrams" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "avoidedCpuSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "avoidedMemoryGbSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "avoidedEnergyKwh" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "avoidedCarbonGrams" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "avoidedCostUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "policyId" UUID,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentRun" (
    "id" UUID NOT NULL,
    "topology" VARCHAR(32) NOT NULL,
    "workload" VARCHAR(64) NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "results" JSONB,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'running',
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExperimentRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "role" "TokenRole" NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "createdBy" VARCHAR(128),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" VARCHAR(128) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "resourceType" VARCHAR(32) NOT NULL,
    "resourceId" VARCHAR(64),
    "resourceName" VARCHAR(253),
    "before" JSONB,
    "after" JSONB,
    "requestId" VARCHAR(64),

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Workload_name_key" ON "Workload"("name");

-- CreateIndex
CREATE INDEX "Workload_zone_idx" ON "Workload"("zone");

-- CreateIndex
CREATE INDEX "Workload_labels_idx" ON "Workload" USING GIN ("labels" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "Workload_createdAt_id_idx" ON "Workload"("createdAt", "id");

-- CreateIndex
CREATE INDEX "WorkloadState_health_idx" ON "WorkloadState"("health");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_name_key" ON "Policy"("name");

-- CreateIndex
CREATE INDEX "Policy_enabled_priority_idx" ON "Policy"("enabled", "priority");

-- CreateIndex
CREATE INDEX "Policy_createdAt_id_idx" ON "Policy"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Override_workloadId_until_idx" ON "Override"("workloadId", "until");

-- CreateIndex
CREATE INDEX "Override_until_idx" ON "Override"("until");

-- CreateIndex
CREATE INDEX "Override_createdAt_id_idx" ON "Override"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Decision_workloadId_decidedAt_idx" ON "Decision"("workloadId", "decidedAt" DESC);

-- CreateIndex
CREATE INDEX "Decision_actuationStatus_nextAttemptAt_idx" ON "Decision"("actuationStatus", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Decision_policyId_decidedAt_idx" ON "Decision"("policyId", "decidedAt");

-- CreateIndex
CREATE INDEX "Decision_decidedAt_idx" ON "Decision"("decidedAt");

-- CreateIndex
CREATE INDEX "SignalSample_zone_kind_time_idx" ON "SignalSample"("zone", "kind", "time");

-- CreateIndex
CREATE UNIQUE INDEX "SignalSample_zone_source_kind_time_issuedAt_key" ON "SignalSample"("zone", "source", "kind", "time", "issuedAt");

-- CreateIndex
CREATE INDEX "DemandSample_workloadId_time_idx" ON "DemandSample"("workloadId", "time");

-- CreateIndex
CREATE INDEX "UsageRecord_intervalStart_idx" ON "UsageRecord"("intervalStart");

-- CreateIndex
CREATE INDEX "UsageRecord_policyId_intervalStart_idx" ON "UsageRecord"("policyId", "intervalStart");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_workloadId_intervalStart_key" ON "UsageRecord"("workloadId", "intervalStart");

-- CreateIndex
CREATE INDEX "ExperimentRun_workload_topology_startedAt_idx" ON "ExperimentRun"("workload", "topology", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_name_key" ON "ApiToken"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_resourceType_resourceId_at_idx" ON "AuditEvent"("resourceType", "resourceId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_idx" ON "AuditEvent"("actor", "at");

-- AddForeignKey
ALTER TABLE "WorkloadState" ADD CONSTRAINT "WorkloadState_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "Workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Override" ADD CONSTRAINT "Override_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "Workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "Workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_overrideId_fkey" FOREIGN KEY ("overrideId") REFERENCES "Override"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DemandSample" ADD CONSTRAINT "DemandSample_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "Workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "Workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;
