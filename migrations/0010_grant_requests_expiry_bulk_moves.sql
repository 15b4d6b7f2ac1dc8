CREATE TYPE "public"."bulk_move_item_status" AS ENUM('pending', 'sent', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."bulk_move_status" AS ENUM('queued', 'running', 'completed', 'cancelled', 'failed');--> statement-breakpoint
CREATE TYPE "public"."grant_request_status" AS ENUM('pending', 'approved', 'rejected', 'revoked', 'expired');--> statement-breakpoint
CREATE TABLE "admin_grant_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grantor_id" uuid NOT NULL,
	"grantee_id" uuid NOT NULL,
	"grant_id" uuid,
	"roles" text[] NOT NULL,
	"days" integer NOT NULL,
	"auto_extend" boolean NOT NULL,
	"message" text,
	"status" "grant_request_status" NOT NULL,
	"token_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"approved_roles" text[],
	"approved_days" integer,
	"resulting_grant_id" uuid,
	"rejection_reason" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bulk_move_items" (
	"move_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" "bulk_move_item_status" NOT NULL,
	"code" text,
	"rule" text,
	"detail" text,
	"request_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "bulk_move_items_move_id_position_pk" PRIMARY KEY("move_id","position")
);
--> statement-breakpoint
CREATE TABLE "bulk_moves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"status" "bulk_move_status" NOT NULL,
	"total" integer NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"per_minute" integer NOT NULL,
	"next_run_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "admin_grants" ADD COLUMN "next_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "admin_grants" ADD COLUMN "last_notice_days" integer;--> statement-breakpoint
ALTER TABLE "customer_accounts" ADD COLUMN "store_channel" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "grant_id" uuid;--> statement-breakpoint
ALTER TABLE "relationship_requests" ADD COLUMN "bulk_move_id" uuid;--> statement-breakpoint
ALTER TABLE "admin_grant_requests" ADD CONSTRAINT "admin_grant_requests_grantor_id_tenants_id_fk" FOREIGN KEY ("grantor_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_grant_requests" ADD CONSTRAINT "admin_grant_requests_grantee_id_tenants_id_fk" FOREIGN KEY ("grantee_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_move_items" ADD CONSTRAINT "bulk_move_items_move_id_bulk_moves_id_fk" FOREIGN KEY ("move_id") REFERENCES "public"."bulk_moves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_moves" ADD CONSTRAINT "bulk_moves_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_moves" ADD CONSTRAINT "bulk_moves_provider_id_tenants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_grant_requests_grantee_idx" ON "admin_grant_requests" USING btree ("grantee_id","created_at","id");--> statement-breakpoint
CREATE INDEX "admin_grant_requests_grantor_idx" ON "admin_grant_requests" USING btree ("grantor_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_grant_requests_one_pending" ON "admin_grant_requests" USING btree ("grantor_id","grantee_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_move_items_customer_key" ON "bulk_move_items" USING btree ("move_id","customer_id");--> statement-breakpoint
CREATE INDEX "bulk_move_items_status_idx" ON "bulk_move_items" USING btree ("move_id","status","position");--> statement-breakpoint
CREATE INDEX "bulk_moves_partner_idx" ON "bulk_moves" USING btree ("partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "bulk_moves_due_idx" ON "bulk_moves" USING btree ("next_run_at") WHERE status IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX "admin_grants_grantee_created_idx" ON "admin_grants" USING btree ("grantee_id","created_at","id");--> statement-breakpoint
CREATE INDEX "admin_grants_next_notice_idx" ON "admin_grants" USING btree ("next_notice_at") WHERE status = 'active' AND next_notice_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "relationship_requests_customer_idx" ON "relationship_requests" USING btree ("customer_id","partner_id") WHERE customer_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "relationship_requests_bulk_move_idx" ON "relationship_requests" USING btree ("bulk_move_id","status") WHERE bulk_move_id IS NOT NULL;--> statement-breakpoint
-- Grants made before the expiry timer existed get their first check (nextGrantCheck in src/domain/grants.ts).
UPDATE "admin_grants" SET "next_notice_at" = CASE
  WHEN "auto_extend" AND NOT ('global_admin' = ANY("roles")) THEN "ends_at" - interval '1 day'
  ELSE "ends_at" - interval '30 days' END
WHERE "status" = 'active';
