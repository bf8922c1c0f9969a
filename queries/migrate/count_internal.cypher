// Count the users, audit entries and saved views (to check a target is empty and a move complete).
OPTIONAL MATCH (u:AppUser)
WITH count(u) AS users
OPTIONAL MATCH (e:AuditEntry)
WITH users, count(e) AS audit
OPTIONAL MATCH (v:SavedView)
RETURN users, audit, count(v) AS views
