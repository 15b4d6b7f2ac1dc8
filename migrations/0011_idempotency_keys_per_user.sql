-- Stored answers become the requesting user's alone. Rows kept so far name no user and cannot be
-- replayed safely to anyone: they are a 48-hour replay cache, so they are dropped (drizzle-kit
-- also wrote the new primary key before its column; the order is fixed here).
DELETE FROM "idempotency_keys";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_tenant_id_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "user_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_user_id_key_pk" PRIMARY KEY("tenant_id","user_id","key");
