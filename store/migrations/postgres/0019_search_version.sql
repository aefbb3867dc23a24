-- Which analysis cut the search index's words (search.IndexVersion). When
-- a new release segments differently (a larger vocabulary, new stop
-- words), the store finds another version here and re-cuts every item, so
-- that questions and the index are cut alike.
CREATE TABLE service_search_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version TEXT    NOT NULL
);
