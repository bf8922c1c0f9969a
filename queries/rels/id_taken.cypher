// Count the relationships of one type with a given id (0: the id is free), inside the creating transaction.
// $id: the relationship id
// {type}: reltype
MATCH ()-[x:{type} {id: $id}]->()
RETURN count(x) AS taken
