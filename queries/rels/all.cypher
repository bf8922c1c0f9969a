// Read every relationship of one type between two labels with its properties.
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start})-[x:{type}]->(b:{end})
RETURN a.id AS start, b.id AS end, properties(x) AS props
