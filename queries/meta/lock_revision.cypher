// Take the write lock of the revision node before a dataset write reads the stored state, so that two
// imports at once run one after the other (Neo4j: the second waits; embedded engine: it conflicts and is
// run again) and the second sees what the first wrote. Writing a property is the documented way to lock.
MATCH (m:Meta {id: 'revision'})
SET m.lock = true
REMOVE m.lock
RETURN m.value AS value
