-- The figures of `sdm-tui report`, computed by DuckDB from the exported JSON records.
-- See docs/reporting.md. One row per figure, as in the report's CSV file:
--   mode, scope ('overall' or 'aid'), aid_id ('' overall), figure, item, count, out_of.
-- Run it from the folder that holds `records/`, after checking the records with
-- `sdm-tui report records` (this query trusts them: it does not check the schema).
-- The review window, if not today and 30 days:
--   SET VARIABLE today = DATE '2026-11-26';
--   SET VARIABLE due_within = 30;
WITH raw AS (
    SELECT *
    FROM read_json(
        'records/*.json',
        format = 'auto',
        filename = true,
        columns = {
            record_format: 'VARCHAR',
            record_version: 'BIGINT',
            mode: 'VARCHAR',
            generated_at: 'VARCHAR',
            started_at: 'VARCHAR',
            aid: 'JSON',
            preferred_role: 'JSON',
            leaning: 'JSON',
            sure: 'JSON',
            decision: 'JSON',
            review: 'JSON',
            collaborate: 'JSON'
        }
    )
),
-- Each consultation once, from its latest export; previews and other files left out.
records AS (
    SELECT
        mode,
        aid ->> 'id' AS aid_id,
        json_extract_string(aid, '$.options[*].id') AS option_ids,
        decision ->> 'status' AS status,
        decision ->> 'option_id' AS option_id,
        leaning ->> 'value' AS leaning,
        TRY_CAST(sure ->> 'score' AS INTEGER) AS sure_score,
        TRY_CAST(collaborate ->> 'top_score' AS BOOLEAN) AS top_score,
        coalesce(preferred_role ->> 'value', 'not_recorded') AS preferred_role,
        TRY_CAST(
            regexp_extract(review ->> 'text', '[0-9]{4}-[0-9]{2}-[0-9]{2}') AS DATE
        ) AS review_date
    FROM raw
    WHERE record_format = 'sdm-tui/consultation' AND record_version = 1
    QUALIFY mode IN ('clinical', 'training') AND row_number() OVER (
        PARTITION BY mode, aid ->> 'id', aid ->> 'sha256', started_at
        ORDER BY generated_at DESC, filename DESC
    ) = 1
),
settings AS (
    SELECT
        coalesce(getvariable('today'), current_date) AS today,
        coalesce(getvariable('due_within'), 30) AS due_within
),
-- Every record counts twice: once for all aids of its mode, once for its own aid.
scoped AS (
    SELECT r.*, s.*, 'overall' AS scope, '' AS aid FROM records r, settings s
    UNION ALL
    SELECT r.*, s.*, 'aid' AS scope, r.aid_id AS aid FROM records r, settings s
),
tallies AS (
    SELECT
        mode, scope, aid,
        count(*) AS consultations,
        count(*) FILTER (
            WHERE status = 'chosen' AND leaning <> 'unsure' AND leaning = option_id
        ) AS leaning_matched,
        count(*) FILTER (WHERE status = 'chosen' AND leaning <> 'unsure') AS leaning_comparable,
        count(*) FILTER (WHERE sure_score <= 3) AS sure_low,
        count(*) FILTER (WHERE sure_score IS NOT NULL) AS sure_complete,
        count(*) FILTER (WHERE top_score) AS top_scores,
        count(*) FILTER (WHERE top_score IS NOT NULL) AS rated,
        count(*) FILTER (WHERE review_date BETWEEN today AND today + due_within) AS review_due,
        count(*) FILTER (WHERE review_date < today) AS review_overdue,
        count(*) FILTER (WHERE review_date IS NOT NULL) AS review_dated
    FROM scoped
    GROUP BY mode, scope, aid
),
options AS (
    SELECT DISTINCT mode, aid_id, unnest(option_ids) AS item FROM records
    UNION
    SELECT mode, aid_id, option_id FROM records WHERE status = 'chosen'
),
figures AS (
    SELECT mode, scope, aid, 'consultations' AS figure, '' AS item,
        consultations AS count, consultations AS out_of FROM tallies
    UNION ALL
    SELECT mode, scope, aid, 'matched_leaning', '', leaning_matched, leaning_comparable
    FROM tallies
    UNION ALL
    SELECT mode, scope, aid, 'sure_3_or_less', '', sure_low, sure_complete FROM tallies
    UNION ALL
    SELECT mode, scope, aid, 'collaborate_top_score', '', top_scores, rated FROM tallies
    UNION ALL
    SELECT mode, scope, aid, 'review_due', '', review_due, review_dated FROM tallies
    UNION ALL
    SELECT mode, scope, aid, 'review_overdue', '', review_overdue, review_dated FROM tallies
    UNION ALL
    SELECT s.mode, s.scope, s.aid, 'decision', d.item,
        count(*) FILTER (WHERE s.status = d.item), count(*)
    FROM scoped s, (VALUES ('chosen'), ('not_yet'), ('none')) d(item)
    GROUP BY s.mode, s.scope, s.aid, d.item
    UNION ALL
    SELECT s.mode, s.scope, s.aid, 'preferred_role', p.item,
        count(*) FILTER (WHERE s.preferred_role = p.item), count(*)
    FROM scoped s,
        (VALUES ('decide_myself'), ('decide_together'), ('clinician_decides'), ('not_recorded'))
        p(item)
    GROUP BY s.mode, s.scope, s.aid, p.item
    UNION ALL
    SELECT o.mode, 'aid', o.aid_id, 'choice', o.item,
        count(*) FILTER (WHERE r.status = 'chosen' AND r.option_id = o.item), count(*)
    FROM options o JOIN records r ON r.mode = o.mode AND r.aid_id = o.aid_id
    GROUP BY o.mode, o.aid_id, o.item
)
SELECT mode, scope, aid AS aid_id, figure, item, count, out_of
FROM figures
ORDER BY mode, scope DESC, aid_id, figure, item
