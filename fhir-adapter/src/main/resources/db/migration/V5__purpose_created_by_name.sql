-- Who saved a version, as people read it (the admin's user name); created_by keeps the token's subject.
ALTER TABLE purpose ADD COLUMN created_by_name text;
