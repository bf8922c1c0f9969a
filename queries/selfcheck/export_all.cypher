// Read every self-check link with all its properties (to move them to another database; no token is stored).
MATCH (l:SelfCheckLink)
RETURN l {.*} AS props
ORDER BY l.id
