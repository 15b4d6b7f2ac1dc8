-- A customer lists the relationship requests it received (GET /v1/customer/relationship-requests):
-- those naming it (relationship_requests_customer_idx), those it accepted, and those sent to the
-- address of one of its users. The last two sit on these indexes, so the list reads the
-- customer's own requests and not the table.
CREATE INDEX "relationship_requests_accepted_customer_idx" ON "relationship_requests" USING btree ("accepted_customer_id") WHERE accepted_customer_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "relationship_requests_email_idx" ON "relationship_requests" USING btree ("email") WHERE email IS NOT NULL;
