-- Tell every listening control plane which table changed: once per statement, delivered on commit.
-- Their list caches are dropped on it, whoever wrote (API, reconciler, another replica, psql).
CREATE FUNCTION "lightswitch_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lightswitch_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Workload_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Workload"
  FOR EACH STATEMENT EXECUTE FUNCTION "lightswitch_notify_change"();

CREATE TRIGGER "Policy_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Policy"
  FOR EACH STATEMENT EXECUTE FUNCTION "lightswitch_notify_change"();
