-- The highest fencing token recorded per lease: a duty done under a lease writes its token in the
-- same transaction as its changes, so a holder whose lease was taken over cannot write any more.
CREATE TABLE lease_fences (
  name  text PRIMARY KEY,
  token bigint NOT NULL
);
