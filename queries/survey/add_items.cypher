// Put answers into the review queue (nothing enters the graph); returns how many were created.
// $rows: list of {id, round_id, source, respondent, kind, named, proposed, candidates (JSON text), confidence,
//        fields (JSON text), person (a contact person's id the answer is about, or null), seq (order in the file),
//        status (null: offen)}
// $now: the time of the import (UTC)
UNWIND $rows AS r
CREATE (i:ReviewItem)
SET i = r
SET i.status = coalesce(r.status, 'offen'), i.decision = '{}', i.version = 1, i.created_at = $now, i.updated_at = $now
RETURN count(*) AS created
