CREATE TYPE "public"."grant_status" AS ENUM('active', 'ended');--> statement-breakpoint
CREATE TABLE "admin_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grantor_id" uuid NOT NULL,
	"grantee_id" uuid NOT NULL,
	"roles" text[] NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"auto_extend" boolean NOT NULL,
	"status" "grant_status" NOT NULL,
	"source" text NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_grants" ADD CONSTRAINT "admin_grants_grantor_id_tenants_id_fk" FOREIGN KEY ("grantor_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_grants" ADD CONSTRAINT "admin_grants_grantee_id_tenants_id_fk" FOREIGN KEY ("grantee_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_grants_grantee_idx" ON "admin_grants" USING btree ("grantee_id","grantor_id","status");--> statement-breakpoint
CREATE INDEX "admin_grants_grantor_idx" ON "admin_grants" USING btree ("grantor_id","created_at","id");