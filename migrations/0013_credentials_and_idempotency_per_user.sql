-- Stored answers become the requesting user's alone. Rows kept so far name no user and cannot be
-- replayed safely to anyone: they are a 48-hour replay cache, so they are dropped (drizzle-kit
-- also wrote the new primary key before its column; the order is fixed here).
DELETE FROM "idempotency_keys";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_tenant_id_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "user_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_user_id_key_pk" PRIMARY KEY("tenant_id","user_id","key");--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"address_hash" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "action_tokens" ADD COLUMN "payload" text;--> statement-breakpoint
ALTER TABLE "partner_id_proofs" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sign_in_failures_last_idx" ON "sign_in_failures" USING btree ("last_failure_at");--> statement-breakpoint
CREATE INDEX "mail_messages_to_idx" ON "mail_messages" USING btree ("to_address","created_at");--> statement-breakpoint
CREATE INDEX "partner_id_proofs_partner_id_idx" ON "partner_id_proofs" USING btree ("partner_id","created_at");