// Advance the data revision; run inside every write transaction so that it changes with every write.
// $instance: a random token identifying this database, set when the revision node is created
MERGE (m:Meta {id: 'revision'})
ON CREATE SET m.instance = $instance, m.value = 0
SET m.value = m.value + 1
RETURN m.instance AS instance, m.value AS value
