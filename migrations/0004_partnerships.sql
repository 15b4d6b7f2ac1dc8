CREATE TYPE "public"."invitation_status" AS ENUM('pending', 'accepted', 'revoked', 'expired');--> statement-breakpoint
CREATE TYPE "public"."partnership_status" AS ENUM('active', 'ended');--> statement-breakpoint
CREATE TABLE "partnership_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"invited_by" uuid NOT NULL,
	"email" text,
	"partner_id" text,
	"sent_to" text NOT NULL,
	"status" "invitation_status" NOT NULL,
	"token_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"send_count" integer DEFAULT 1 NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"reseller_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnerships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"status" "partnership_status" NOT NULL,
	"invitation_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"support_request" text
);
--> statement-breakpoint
ALTER TABLE "partnership_invitations" ADD CONSTRAINT "partnership_invitations_provider_id_tenants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_provider_id_tenants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_reseller_id_tenants_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_invitations_provider_idx" ON "partnership_invitations" USING btree ("provider_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_invitations_one_pending" ON "partnership_invitations" USING btree ("provider_id","sent_to") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "partnerships_one_active" ON "partnerships" USING btree ("provider_id","reseller_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "partnerships_provider_idx" ON "partnerships" USING btree ("provider_id","created_at","id");--> statement-breakpoint
CREATE INDEX "partnerships_reseller_idx" ON "partnerships" USING btree ("reseller_id","created_at","id");