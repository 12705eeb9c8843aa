-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "labels" JSONB NOT NULL DEFAULT '{}';

-- CreateIndex
CREATE INDEX "Policy_labels_idx" ON "Policy" USING GIN ("labels" jsonb_path_ops);
