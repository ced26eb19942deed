-- The listings (market/include/itsb/market/listing.hpp): one row per council and service, the
-- excluded councils and the weights in child tables. readListing checks every rule with a
-- pointer before a listing reaches the store; the CHECKs here keep the file sound whatever
-- writes to it.

-- AUTOINCREMENT: an id is never given twice, so a stale id cannot remove a newer listing.
CREATE TABLE listings (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    council          TEXT    NOT NULL CHECK (length(council) = 9),
    service          TEXT    NOT NULL CHECK (service <> ''),
    role             TEXT    NOT NULL CHECK (role IN ('offer', 'seek', 'open')),
    max_partners     INTEGER CHECK (max_partners BETWEEN 1 AND 5),
    max_distance_km  REAL    CHECK (max_distance_km > 0 AND max_distance_km <= 1000),
    same_county_only INTEGER NOT NULL DEFAULT 0 CHECK (same_county_only IN (0, 1)),
    start_from       INTEGER CHECK (start_from BETWEEN 2000 AND 2099),
    start_to         INTEGER CHECK (start_to BETWEEN 2000 AND 2099),
    note             TEXT    NOT NULL DEFAULT '' CHECK (length(CAST(note AS BLOB)) <= 500),
    CHECK (start_from IS NULL OR start_to IS NULL OR start_from <= start_to),
    -- One listing per council and service: matching reads a council's constraints for a
    -- service from exactly one place. This index also serves queries by council.
    UNIQUE (council, service)
);

-- Queries by service (every listing of a service when matching).
CREATE INDEX listings_by_service ON listings (service);

CREATE TABLE listing_exclusions (
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    council    TEXT    NOT NULL CHECK (length(council) = 9),
    PRIMARY KEY (listing_id, council)
) WITHOUT ROWID;

-- Who excludes a council (a group is never proposed with a member that excludes another).
CREATE INDEX listing_exclusions_by_council ON listing_exclusions (council);

CREATE TABLE listing_weights (
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    term       TEXT    NOT NULL CHECK (term <> ''),
    weight     REAL    NOT NULL CHECK (weight >= 0 AND weight <= 10),
    PRIMARY KEY (listing_id, term)
) WITHOUT ROWID;
