CREATE TYPE "public"."enrollment_status" AS ENUM('pending_verification', 'pending_review', 'approved', 'rejected');--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"program" "capability" NOT NULL,
	"status" "enrollment_status" NOT NULL,
	"transition" boolean DEFAULT false NOT NULL,
	"submitted_by" uuid NOT NULL,
	"primary_contact_email" text NOT NULL,
	"primary_contact_name" text NOT NULL,
	"email_verified_at" timestamp with time zone,
	"requirements_confirmed_at" timestamp with time zone,
	"requirements_confirmed_by" uuid,
	"review_due_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"rejection_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_id_proofs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"partner_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_id_registry" (
	"partner_id" text PRIMARY KEY NOT NULL,
	"organization_name" text NOT NULL,
	"country_code" text NOT NULL,
	"account_email" text NOT NULL,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "partner_profiles" ADD COLUMN "partner_id_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partner_profiles" ADD COLUMN "offboarding_identified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_id_proofs" ADD CONSTRAINT "partner_id_proofs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_open" ON "enrollments" USING btree ("tenant_id","program") WHERE status IN ('pending_verification', 'pending_review');--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_approved" ON "enrollments" USING btree ("tenant_id","program") WHERE status = 'approved';--> statement-breakpoint
CREATE INDEX "enrollments_queue_idx" ON "enrollments" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "enrollments_tenant_idx" ON "enrollments" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "partner_id_proofs_tenant_idx" ON "partner_id_proofs" USING btree ("tenant_id","created_at");