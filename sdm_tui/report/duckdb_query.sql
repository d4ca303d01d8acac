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
            collaborate: 'JSON',
            review_date: 'VARCHAR',
            follow_up: 'JSON'
        }
    )
),
-- Each record once, from its latest export; previews and other files left out.
-- Follow-up visits (follow_up present) are in `every`, not in `records` (consultations).
every AS (
    SELECT
        mode,
        aid ->> 'id' AS aid_id,
        aid ->> 'sha256' AS aid_sha256,
        started_at,
        follow_up IS NOT NULL AS is_follow_up,
        follow_up -> 'earlier' ->> 'aid_sha256' AS earlier_sha256,
        follow_up -> 'earlier' ->> 'started_at' AS earlier_started_at,
        follow_up -> 'decision_now' ->> 'status' AS decision_now,
        TRY_CAST(follow_up -> 'regret' ->> 'score' AS INTEGER) AS regret,
        TRY_CAST(follow_up -> 'earlier' -> 'sure' ->> 'score' AS INTEGER) AS sure_then,
        coalesce(json_array_length(follow_up -> 'steps'), 0) AS steps_answered,
        (
            SELECT count(*)
            FROM unnest(json_extract_string(follow_up, '$.steps[*].outcome')) AS t(outcome)
            WHERE outcome = 'done'
        ) AS steps_done,
        CAST(left(started_at, 10) AS DATE)
            - CAST(left(follow_up -> 'earlier' ->> 'started_at', 10) AS DATE) AS days,
        json_extract_string(aid, '$.options[*].id') AS option_ids,
        decision ->> 'status' AS status,
        decision ->> 'option_id' AS option_id,
        leaning ->> 'value' AS leaning,
        TRY_CAST(sure ->> 'score' AS INTEGER) AS sure_score,
        TRY_CAST(collaborate ->> 'top_score' AS BOOLEAN) AS top_score,
        coalesce(preferred_role ->> 'value', 'not_recorded') AS preferred_role,
        -- the date the record keeps, else one written YYYY-MM-DD in the review text
        coalesce(
            TRY_CAST(review_date AS DATE),
            TRY_CAST(regexp_extract(review ->> 'text', '[0-9]{4}-[0-9]{2}-[0-9]{2}') AS DATE)
        ) AS review_date
    FROM raw
    WHERE record_format = 'sdm-tui/consultation' AND record_version IN (1, 2)
    QUALIFY mode IN ('clinical', 'training') AND row_number() OVER (
        PARTITION BY mode, aid ->> 'id', aid ->> 'sha256', started_at
        ORDER BY generated_at DESC, filename DESC
    ) = 1
),
records AS (
    SELECT * FROM every WHERE NOT is_follow_up
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
-- A record is followed up when a follow-up names it (by the key a consultation is counted by).
followed AS (
    SELECT DISTINCT mode, aid_id, earlier_sha256, earlier_started_at FROM every WHERE is_follow_up
),
every_scoped AS (
    SELECT e.*, s.*, f.mode IS NOT NULL AS followed_up, scope, aid
    FROM every e
    CROSS JOIN settings s
    CROSS JOIN (VALUES ('overall'), ('aid')) sc(scope)
    LEFT JOIN followed f
        ON f.mode = e.mode AND f.aid_id = e.aid_id
        AND f.earlier_sha256 = e.aid_sha256 AND f.earlier_started_at = e.started_at
    CROSS JOIN LATERAL (SELECT CASE WHEN scope = 'overall' THEN '' ELSE e.aid_id END AS aid)
),
follow_up_tallies AS (
    SELECT
        mode, scope, aid,
        count(*) FILTER (WHERE is_follow_up) AS follow_ups,
        count(*) FILTER (WHERE review_date IS NOT NULL) AS dated,
        count(*) FILTER (
            WHERE review_date <= today + due_within AND NOT followed_up
        ) AS due,
        count(decision_now) FILTER (WHERE is_follow_up) AS answered,
        count(*) FILTER (WHERE decision_now = 'kept') AS kept,
        count(*) FILTER (WHERE decision_now = 'changed') AS changed,
        count(*) FILTER (WHERE decision_now = 'undecided') AS undecided,
        count(*) FILTER (WHERE decision_now = 'decided') AS decided,
        count(regret) FILTER (WHERE is_follow_up) AS scored,
        count(*) FILTER (WHERE regret > 25) AS regret_high,
        coalesce(quantile_disc(regret, 0.5) FILTER (WHERE is_follow_up), 0) AS regret_median,
        count(*) FILTER (WHERE sure_then IS NOT NULL AND sure_score IS NOT NULL) AS paired,
        count(*) FILTER (
            WHERE sure_then IS NOT NULL AND sure_score IS NOT NULL AND sure_then <= 3
        ) AS sure_low_then,
        count(*) FILTER (
            WHERE sure_then IS NOT NULL AND sure_score IS NOT NULL AND sure_score <= 3
        ) AS sure_low_now,
        coalesce(sum(steps_done), 0) AS steps_done,
        coalesce(sum(steps_answered), 0) AS steps_answered,
        count(days) FILTER (WHERE is_follow_up) AS timed,
        coalesce(quantile_disc(days, 0.5) FILTER (WHERE is_follow_up), 0) AS days_median
    FROM every_scoped
    GROUP BY mode, scope, aid
    HAVING follow_ups > 0 OR dated > 0
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
    UNION ALL
    SELECT mode, scope, aid, 'follow_ups', '', follow_ups, follow_ups FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'follow_up_due', '', due, dated FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'decision_at_follow_up', d.item,
        CASE d.item WHEN 'kept' THEN kept WHEN 'changed' THEN changed
            WHEN 'undecided' THEN undecided ELSE decided END,
        answered
    FROM follow_up_tallies, (VALUES ('kept'), ('changed'), ('undecided'), ('decided')) d(item)
    UNION ALL
    SELECT mode, scope, aid, 'regret_above_25', '', regret_high, scored FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'regret_median', '', regret_median, scored FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'sure_3_or_less_then', '', sure_low_then, paired
    FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'sure_3_or_less_now', '', sure_low_now, paired
    FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'plan_steps_done', '', steps_done, steps_answered
    FROM follow_up_tallies
    UNION ALL
    SELECT mode, scope, aid, 'days_to_follow_up_median', '', days_median, timed
    FROM follow_up_tallies
)
SELECT mode, scope, aid AS aid_id, figure, item, count, out_of
FROM figures
ORDER BY mode, scope DESC, aid_id, figure, item
