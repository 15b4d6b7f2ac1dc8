-- A book's last change (renamed, or a rule added, changed or removed): books made before it count from their making.
ALTER TABLE "price_books" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
UPDATE "price_books" SET "updated_at" = "created_at";--> statement-breakpoint
ALTER TABLE "price_books" ALTER COLUMN "updated_at" SET NOT NULL;
