// Read the data revision (instance token and counter); no row values if nothing was ever written.
OPTIONAL MATCH (m:Meta {id: 'revision'})
RETURN m.instance AS instance, m.value AS value
