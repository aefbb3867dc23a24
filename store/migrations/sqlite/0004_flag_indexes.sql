-- The 督办 and 重办 badges count open appeals by flag, city-wide and per
-- unit. Partial indexes hold only the flagged appeals, so the counts read a
-- few thousand index entries instead of scanning the table.
CREATE INDEX appeals_supervised ON appeals (status) WHERE supervised;
CREATE INDEX appeals_unit_supervised ON appeals (unit_id, status) WHERE supervised;
CREATE INDEX appeals_reopens ON appeals (status) WHERE reopens > 0;
CREATE INDEX appeals_unit_reopens ON appeals (unit_id, status) WHERE reopens > 0;
