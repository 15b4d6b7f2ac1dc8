CREATE TYPE "public"."agreement_type" AS ENUM('partner_agreement', 'indirect_reseller_agreement', 'customer_agreement');--> statement-breakpoint
CREATE TYPE "public"."incentive_program_kind" AS ENUM('indirect_reseller', 'direct_bill', 'indirect_provider');--> statement-breakpoint
CREATE TABLE "agreement_acceptances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" "agreement_type" NOT NULL,
	"version" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"url" text,
	"effective_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentive_enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"enrolled_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentive_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"sent_to" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentive_programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "incentive_program_kind" NOT NULL,
	"description" text,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "overdue_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agreement_acceptances" ADD CONSTRAINT "agreement_acceptances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_acceptances" ADD CONSTRAINT "agreement_acceptances_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_enrollments" ADD CONSTRAINT "incentive_enrollments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_enrollments" ADD CONSTRAINT "incentive_enrollments_program_id_incentive_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."incentive_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_invitations" ADD CONSTRAINT "incentive_invitations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_invitations" ADD CONSTRAINT "incentive_invitations_program_id_incentive_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."incentive_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_acceptances_once" ON "agreement_acceptances" USING btree ("tenant_id","agreement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_type_version_key" ON "agreements" USING btree ("type","version");--> statement-breakpoint
CREATE INDEX "agreements_current_idx" ON "agreements" USING btree ("type","effective_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_enrollments_once" ON "incentive_enrollments" USING btree ("tenant_id","program_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_invitations_once" ON "incentive_invitations" USING btree ("tenant_id","program_id");