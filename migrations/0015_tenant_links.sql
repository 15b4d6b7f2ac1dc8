CREATE TABLE "tenant_links" (
	"viewer_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	CONSTRAINT "tenant_links_viewer_id_target_id_pk" PRIMARY KEY("viewer_id","target_id")
);
