-- eGov mobile sessions keep only the SHA-256 of their id (as signing links keep their token's): whoever reads the
-- database cannot act as eGov mobile for a live session. Live sessions go on working: their ids are hashed here the
-- way the server hashes the id in the address (sha256Hex of its UTF-8 text; sha256() is built into PostgreSQL ≥ 11
-- and PGlite, no extension needed).
ALTER TABLE "mobile_signing_sessions" RENAME COLUMN "id" TO "id_hash";--> statement-breakpoint
UPDATE "mobile_signing_sessions" SET "id_hash" = encode(sha256(convert_to("id_hash", 'UTF8')), 'hex');
