-- Server-side sessions of the web UIs (issue 5 item 3). The browser holds only a random id; the table
-- keeps its SHA-256, so a read of this table (a backup, a log auditor) cannot be replayed as a cookie.
CREATE TABLE ui_session (
  id_hash          text PRIMARY KEY,
  -- Who logged in, as the certificate check (or the demo login) resolved it at login time.
  identity         jsonb NOT NULL,
  auth_method      text NOT NULL CHECK (auth_method IN ('card', 'demo')),
  -- Sent back with every form and htmx request; only useful together with the cookie.
  csrf_token       text NOT NULL,
  created_at       timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  -- The last time the card (or demo login) was checked; sensitive actions need this to be recent.
  authenticated_at timestamptz NOT NULL
);

-- Expired sessions are swept by age.
CREATE INDEX ui_session_last_seen ON ui_session (last_seen_at);
