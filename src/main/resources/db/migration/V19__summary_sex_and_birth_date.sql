-- The valproate report filters on sex and age: keep them in the summary row (written with every
-- refresh, and a new Patient refreshes its patient) so the report reads no patient row; at 1M
-- patients the join made the planner scan the whole patient table (bench/README.md).
ALTER TABLE patient_summary ADD COLUMN gender VARCHAR(16), ADD COLUMN birth_date DATE;
UPDATE patient_summary s SET gender = p.gender, birth_date = p.birth_date
FROM patient p WHERE p.nhs_number = s.nhs_number;
