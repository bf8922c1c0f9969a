// Create the revision node if it is missing, so that concurrent first writes do not race to create it.
// $instance: a random token identifying this database
MERGE (m:Meta {id: 'revision'})
ON CREATE SET m.instance = $instance, m.value = 0
RETURN m.value AS value
