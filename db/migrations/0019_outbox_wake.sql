-- A row written to the outbox wakes the sender at once (LISTEN "outbox"), on whichever instance
-- sends: the notice leaves when the transaction that wrote it commits, not at the next poll. One
-- notification per statement (PostgreSQL folds equal ones of a transaction into one).
CREATE OR REPLACE FUNCTION outbox_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER outbox_wake AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake();
