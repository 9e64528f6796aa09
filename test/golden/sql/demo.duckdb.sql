-- leadvalue model demo 1.0.0 (models/demo/1.0.0.json), checksum db196b38d3325b33…
-- scored in SQL for duckdb: win glm, value glm; goal profile "long-term-value"
-- reads table leads: lead_id, source, industry, employees, job_level, pages_viewed, demo_requested, free_email, created_at (any type; read as text, as the scorer reads a CSV; a BOOLEAN as 1/0 for a number)
-- writes: lead_id, p_win, value_if_won, expected_value, score, goal_profile, reason_1..3_{feature,part,contribution}, invalid_field

WITH
lv_ws AS (
  -- the characters JavaScript trim() removes
  SELECT
    chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(32) || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279) AS chars
),
lv_text AS (
  -- the source columns as trimmed text
  SELECT
    "lead_id" AS lead_id_,  -- input.leadId
    NULLIF(CASE WHEN regexp_matches(CAST("source" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("source" AS VARCHAR), lv_ws.chars) ELSE CAST("source" AS VARCHAR) END, '') AS source_text,  -- source, trimmed; '' is missing
    NULLIF(CASE WHEN regexp_matches(CAST("industry" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("industry" AS VARCHAR), lv_ws.chars) ELSE CAST("industry" AS VARCHAR) END, '') AS industry_text,  -- industry, trimmed; '' is missing
    CASE
      WHEN typeof("employees") = 'BOOLEAN' THEN CASE CAST("employees" AS VARCHAR) WHEN 'true' THEN '1' WHEN 'false' THEN '0' END
      ELSE NULLIF(CASE WHEN regexp_matches(CAST("employees" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("employees" AS VARCHAR), lv_ws.chars) ELSE CAST("employees" AS VARCHAR) END, '')
    END AS employees_text,  -- employees, trimmed; '' is missing; a boolean is 1 or 0
    NULLIF(CASE WHEN regexp_matches(CAST("job_level" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("job_level" AS VARCHAR), lv_ws.chars) ELSE CAST("job_level" AS VARCHAR) END, '') AS job_level_text,  -- job_level, trimmed; '' is missing
    CASE
      WHEN typeof("pages_viewed") = 'BOOLEAN' THEN CASE CAST("pages_viewed" AS VARCHAR) WHEN 'true' THEN '1' WHEN 'false' THEN '0' END
      ELSE NULLIF(CASE WHEN regexp_matches(CAST("pages_viewed" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("pages_viewed" AS VARCHAR), lv_ws.chars) ELSE CAST("pages_viewed" AS VARCHAR) END, '')
    END AS pages_viewed_text,  -- pages_viewed, trimmed; '' is missing; a boolean is 1 or 0
    CASE
      WHEN typeof("demo_requested") = 'BOOLEAN' THEN CASE CAST("demo_requested" AS VARCHAR) WHEN 'true' THEN '1' WHEN 'false' THEN '0' END
      ELSE NULLIF(CASE WHEN regexp_matches(CAST("demo_requested" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("demo_requested" AS VARCHAR), lv_ws.chars) ELSE CAST("demo_requested" AS VARCHAR) END, '')
    END AS demo_requested_text,  -- demo_requested, trimmed; '' is missing; a boolean is 1 or 0
    CASE
      WHEN typeof("free_email") = 'BOOLEAN' THEN CASE CAST("free_email" AS VARCHAR) WHEN 'true' THEN '1' WHEN 'false' THEN '0' END
      ELSE NULLIF(CASE WHEN regexp_matches(CAST("free_email" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("free_email" AS VARCHAR), lv_ws.chars) ELSE CAST("free_email" AS VARCHAR) END, '')
    END AS free_email_text,  -- free_email, trimmed; '' is missing; a boolean is 1 or 0
    CAST("created_at" AS VARCHAR) AS created_at_raw,  -- created_at as text: NULL or '' is a missing date
    CASE WHEN regexp_matches(CAST("created_at" AS VARCHAR), '^[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]|[\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}\x{a0}\x{1680}\x{2000}\x{2001}\x{2002}\x{2003}\x{2004}\x{2005}\x{2006}\x{2007}\x{2008}\x{2009}\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]$') THEN TRIM(CAST("created_at" AS VARCHAR), lv_ws.chars) ELSE CAST("created_at" AS VARCHAR) END AS created_at_trimmed
  FROM "leads" CROSS JOIN lv_ws
),
lv_date_match AS (
  -- which date pattern each date column matches
  SELECT
    *,
    regexp_full_match(created_at_trimmed, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?(Z|[+-]00:?00)?') AS created_at_iso  -- created_at is ISO 8601
  FROM lv_text
),
lv_date_fields AS (
  -- year, month, day, hour, minute, second of the pattern that matched
  SELECT
    *,
    CASE WHEN created_at_iso THEN CAST(SUBSTR(created_at_trimmed, 1, 4) AS INTEGER) END AS created_at_y,
    CASE WHEN created_at_iso THEN CAST(SUBSTR(created_at_trimmed, 6, 2) AS INTEGER) END AS created_at_mo,
    CASE WHEN created_at_iso THEN CAST(SUBSTR(created_at_trimmed, 9, 2) AS INTEGER) END AS created_at_d,
    CASE WHEN created_at_iso THEN CASE WHEN SUBSTR(created_at_trimmed, 11, 1) IN ('T', ' ') THEN CAST(SUBSTR(created_at_trimmed, 12, 2) AS INTEGER) ELSE 0 END END AS created_at_h,
    CASE WHEN created_at_iso THEN CASE WHEN SUBSTR(created_at_trimmed, 11, 1) IN ('T', ' ') THEN CAST(SUBSTR(created_at_trimmed, 15, 2) AS INTEGER) ELSE 0 END END AS created_at_mi,
    CASE WHEN created_at_iso THEN CASE WHEN SUBSTR(created_at_trimmed, 11, 1) IN ('T', ' ') AND SUBSTR(created_at_trimmed, 17, 1) = ':' THEN CAST(SUBSTR(created_at_trimmed, 18, 2) AS INTEGER) ELSE 0 END END AS created_at_s
  FROM lv_date_match
),
lv_dates AS (
  -- valid dates, the weekday year, the hour
  SELECT
    *,
    CASE WHEN created_at_y IS NOT NULL AND created_at_mo BETWEEN 1 AND 12 AND created_at_d >= 1 AND created_at_d <= CASE WHEN created_at_mo = 2 THEN CASE WHEN MOD(created_at_y, 4) = 0 AND (MOD(created_at_y, 100) <> 0 OR MOD(created_at_y, 400) = 0) AND created_at_y <> 0 THEN 29 ELSE 28 END WHEN created_at_mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND created_at_h <= 23 AND created_at_mi <= 59 AND created_at_s <= 60 AND NOT (created_at_h = 23 AND created_at_mi = 59 AND created_at_s = 60) THEN 1 ELSE 0 END AS created_at_ok,  -- created_at: a real date and time (23:59:60 rolls into the next day: refused)
    CASE WHEN created_at_y < 100 THEN created_at_y + 1900 ELSE created_at_y END - CASE WHEN created_at_mo < 3 THEN 1 ELSE 0 END AS created_at_wy,  -- year for the weekday (Sakamoto)
    created_at_h + CASE WHEN created_at_s = 60 AND created_at_mi = 59 THEN 1 ELSE 0 END AS created_at_hour  -- a second of 60 carries into the next minute
  FROM lv_date_fields
),
lv_read AS (
  -- each feature as the scorer reads it: a number (NULL when missing) or a category slot
  SELECT
    *,
    CASE
      WHEN source_text IS NULL THEN 8  -- (missing)
      WHEN source_text = 'cold_outbound' THEN 0
      WHEN source_text = 'content_download' THEN 1
      WHEN source_text = 'organic_search' THEN 2
      WHEN source_text = 'paid_search' THEN 3
      WHEN source_text = 'partner' THEN 4
      WHEN source_text = 'referral' THEN 5
      WHEN source_text = 'webinar' THEN 6
      ELSE 7  -- (other): rare or unseen
    END AS source_slot,
    CASE
      WHEN industry_text IS NULL THEN 8  -- (missing)
      WHEN industry_text = 'finance' THEN 0
      WHEN industry_text = 'healthcare' THEN 1
      WHEN industry_text = 'logistics' THEN 2
      WHEN industry_text = 'manufacturing' THEN 3
      WHEN industry_text = 'other' THEN 4
      WHEN industry_text = 'retail' THEN 5
      WHEN industry_text = 'saas' THEN 6
      ELSE 7  -- (other): rare or unseen
    END AS industry_slot,
    CASE WHEN regexp_full_match(employees_text, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(employees_text AS DOUBLE) END AS employees_x,  -- employees: a plain decimal number
    CASE
      WHEN job_level_text IS NULL THEN 6  -- (missing)
      WHEN job_level_text = 'c_level' THEN 0
      WHEN job_level_text = 'director' THEN 1
      WHEN job_level_text = 'individual_contributor' THEN 2
      WHEN job_level_text = 'manager' THEN 3
      WHEN job_level_text = 'vp' THEN 4
      ELSE 5  -- (other): rare or unseen
    END AS job_level_slot,
    CASE WHEN regexp_full_match(pages_viewed_text, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(pages_viewed_text AS DOUBLE) END AS pages_viewed_x,  -- pages_viewed: a plain decimal number
    CASE WHEN regexp_full_match(demo_requested_text, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(demo_requested_text AS DOUBLE) END AS demo_requested_x,  -- demo_requested: a plain decimal number
    CASE WHEN regexp_full_match(free_email_text, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(free_email_text AS DOUBLE) END AS free_email_x,  -- free_email: a plain decimal number
    CASE WHEN created_at_ok = 1 THEN created_at_mo END AS created_month_part  -- created_month: the month of created_at
  FROM lv_dates
),
lv_encoded AS (
  -- z values, date-part slots, pair bins, and the field that could not be read
  SELECT
    *,
    CASE
      WHEN employees_text IS NOT NULL AND (employees_x IS NULL OR NOT (ABS(employees_x) <= 1.7976931348623157e+308)) THEN 'employees'
      WHEN employees_x <= -1 THEN 'employees'
      WHEN pages_viewed_text IS NOT NULL AND (pages_viewed_x IS NULL OR NOT (ABS(pages_viewed_x) <= 1.7976931348623157e+308)) THEN 'pages_viewed'
      WHEN pages_viewed_x <= -1 THEN 'pages_viewed'
      WHEN demo_requested_text IS NOT NULL AND (demo_requested_x IS NULL OR NOT (ABS(demo_requested_x) <= 1.7976931348623157e+308)) THEN 'demo_requested'
      WHEN free_email_text IS NOT NULL AND (free_email_x IS NULL OR NOT (ABS(free_email_x) <= 1.7976931348623157e+308)) THEN 'free_email'
      WHEN created_at_raw IS NOT NULL AND created_at_raw <> '' AND created_at_ok = 0 THEN 'created_at'
    END AS invalid_field_,  -- the first source field the scorer would refuse (not a number, not a date, log1p of a value at or below -1)
    CASE WHEN employees_x > -1 THEN (LN(1 + employees_x) - 4.399159894207519e0) / 1.259085526813301e0 END AS employees_z,  -- (log1p(x) − center) / scale
    CASE WHEN pages_viewed_x > -1 THEN (LN(1 + pages_viewed_x) - 1.5034738263097287e0) / 0.7827290145197578e0 END AS pages_viewed_z,  -- (log1p(x) − center) / scale
    (demo_requested_x - 0.1947500000000006e0) / 0.396057638372533e0 AS demo_requested_z,  -- (x − center) / scale
    (free_email_x - 0.1977499999999998e0) / 0.3983523674489246e0 AS free_email_z,  -- (x − center) / scale
    CASE
      WHEN created_month_part IS NULL THEN 13  -- (missing)
      WHEN created_month_part = 1 THEN 4  -- jan
      WHEN created_month_part = 2 THEN 3  -- feb
      WHEN created_month_part = 3 THEN 7  -- mar
      WHEN created_month_part = 4 THEN 0  -- apr
      WHEN created_month_part = 5 THEN 8  -- may
      WHEN created_month_part = 6 THEN 6  -- jun
      WHEN created_month_part = 7 THEN 5  -- jul
      WHEN created_month_part = 8 THEN 1  -- aug
      WHEN created_month_part = 9 THEN 11  -- sep
      WHEN created_month_part = 10 THEN 10  -- oct
      WHEN created_month_part = 11 THEN 9  -- nov
      WHEN created_month_part = 12 THEN 2  -- dec
      ELSE 12  -- (other)
    END AS created_month_slot
  FROM lv_read
),
lv_terms AS (
  -- each feature's contribution to each part (what the reasons are made of)
  SELECT
    *,
    CASE source_slot
      WHEN 0 THEN -0.12791067191334868e0  -- cold_outbound
      WHEN 1 THEN -0.15901903409230367e0  -- content_download
      WHEN 2 THEN -0.24364840343425737e0  -- organic_search
      WHEN 3 THEN -0.035754481719619084e0  -- paid_search
      WHEN 4 THEN 0.03972698887590379e0  -- partner
      WHEN 5 THEN 0.5122289230700009e0  -- referral
      WHEN 6 THEN 0.4215533986245145e0  -- webinar
      WHEN 7 THEN 0.058168102772939725e0  -- (other)
      WHEN 8 THEN 0.058168102772939725e0  -- (missing)
    END AS win_source_c,
    CASE industry_slot
      WHEN 0 THEN -0.039961932804560375e0  -- finance
      WHEN 1 THEN 0.08239859212206058e0  -- healthcare
      WHEN 2 THEN -0.08102716744071378e0  -- logistics
      WHEN 3 THEN 0.15049249549132648e0  -- manufacturing
      WHEN 4 THEN 0.04562946706009485e0  -- other
      WHEN 5 THEN -0.0706943939552622e0  -- retail
      WHEN 6 THEN -0.06050717418389021e0  -- saas
      WHEN 7 THEN 0.0037614123269726794e0  -- (other)
      WHEN 8 THEN 0.0037614123269726794e0  -- (missing)
    END AS win_industry_c,
    CASE WHEN employees_x IS NULL THEN 0.07784510218588589e0 ELSE 0.03330925636500063e0 * employees_z + -0.004400119352292439e0 END AS win_employees_c,
    CASE job_level_slot
      WHEN 0 THEN 0.04487464140811439e0  -- c_level
      WHEN 1 THEN 0.03491869900632085e0  -- director
      WHEN 2 THEN -0.08249958872452456e0  -- individual_contributor
      WHEN 3 THEN 0.05017178910665301e0  -- manager
      WHEN 4 THEN 0.021827560136488507e0  -- vp
      WHEN 5 THEN 0.002900110940666185e0  -- (other)
      WHEN 6 THEN -0.051892435288771854e0  -- (missing)
    END AS win_job_level_c,
    CASE WHEN pages_viewed_x IS NULL THEN 9.165292146961598e-16 ELSE 0.30375719840160414e0 * pages_viewed_z + 9.165292146961598e-16 END AS win_pages_viewed_c,
    CASE WHEN demo_requested_x IS NULL THEN 1.0694445218503275e-15 ELSE 0.543982149070159e0 * demo_requested_z + 1.0694445218503275e-15 END AS win_demo_requested_c,
    CASE WHEN free_email_x IS NULL THEN 3.5933070141630074e-16 ELSE -0.41948166558152605e0 * free_email_z + 3.5933070141630074e-16 END AS win_free_email_c,
    CASE created_month_slot
      WHEN 0 THEN -0.16776223667085507e0  -- apr
      WHEN 1 THEN -0.23037019350572074e0  -- aug
      WHEN 2 THEN -0.020308255332890685e0  -- dec
      WHEN 3 THEN -0.1330474896478642e0  -- feb
      WHEN 4 THEN 0.10737352885758752e0  -- jan
      WHEN 5 THEN -0.00046213241939214674e0  -- jul
      WHEN 6 THEN 0.11146005451952039e0  -- jun
      WHEN 7 THEN 0.12049418761536537e0  -- mar
      WHEN 8 THEN -0.08475783138061056e0  -- may
      WHEN 9 THEN 0.13189688428290702e0  -- nov
      WHEN 10 THEN 0.06680056697573752e0  -- oct
      WHEN 11 THEN 0.10380030979783708e0  -- sep
      WHEN 12 THEN 0.00042644942428055944e0  -- (other)
      WHEN 13 THEN 0.00042644942428055944e0  -- (missing)
    END AS win_created_month_c,
    CASE source_slot
      WHEN 0 THEN 0.13476970962028811e0  -- cold_outbound
      WHEN 1 THEN 0.13243761744006044e0  -- content_download
      WHEN 2 THEN 0.010783196214487673e0  -- organic_search
      WHEN 3 THEN 0.22539322554762703e0  -- paid_search
      WHEN 4 THEN 0.10933463288238465e0  -- partner
      WHEN 5 THEN 0.28377039275453086e0  -- referral
      WHEN 6 THEN -0.5133171086607045e0  -- webinar
      WHEN 7 THEN 0.05473880939981503e0  -- (other)
      WHEN 8 THEN 0.05473880939981503e0  -- (missing)
    END AS value_source_c,
    CASE industry_slot
      WHEN 0 THEN 0.4818086044369156e0  -- finance
      WHEN 1 THEN -0.002522625780372543e0  -- healthcare
      WHEN 2 THEN 0.0103029411735799e0  -- logistics
      WHEN 3 THEN -0.09711912622044164e0  -- manufacturing
      WHEN 4 THEN -0.06257770465782614e0  -- other
      WHEN 5 THEN -0.18588967577716334e0  -- retail
      WHEN 6 THEN -0.05372033975319368e0  -- saas
      WHEN 7 THEN 0.012897439060218965e0  -- (other)
      WHEN 8 THEN 0.012897439060218965e0  -- (missing)
    END AS value_industry_c,
    CASE WHEN employees_x IS NULL THEN 0.03398059795857261e0 ELSE 0.8777632946457014e0 * employees_z + -0.028809530486039403e0 END AS value_employees_c,
    CASE job_level_slot
      WHEN 0 THEN 0.310657446244405e0  -- c_level
      WHEN 1 THEN -0.13816804584460055e0  -- director
      WHEN 2 THEN -0.038021256823552875e0  -- individual_contributor
      WHEN 3 THEN -0.0656123150627867e0  -- manager
      WHEN 4 THEN 0.27470983637871915e0  -- vp
      WHEN 5 THEN 0.04657096314547089e0  -- (other)
      WHEN 6 THEN -0.06413988601935033e0  -- (missing)
    END AS value_job_level_c,
    CASE WHEN pages_viewed_x IS NULL THEN 0.002582640278048295e0 ELSE -0.007174729290474995e0 * pages_viewed_z + 0.002582640278048295e0 END AS value_pages_viewed_c,
    CASE WHEN demo_requested_x IS NULL THEN 0.016429629598274452e0 ELSE -0.025674202240488813e0 * demo_requested_z + 0.016429629598274452e0 END AS value_demo_requested_c,
    CASE WHEN free_email_x IS NULL THEN -0.004072478598631645e0 ELSE -0.013905001487820562e0 * free_email_z + -0.004072478598631645e0 END AS value_free_email_c,
    CASE created_month_slot
      WHEN 0 THEN 0.05268827652668966e0  -- apr
      WHEN 1 THEN -0.06508015548582731e0  -- aug
      WHEN 2 THEN -0.03631974104360491e0  -- dec
      WHEN 3 THEN -0.007446214827828307e0  -- feb
      WHEN 4 THEN 0.042810107484861235e0  -- jan
      WHEN 5 THEN -0.06487216936678519e0  -- jul
      WHEN 6 THEN -0.1309672583756024e0  -- jun
      WHEN 7 THEN 0.04783860692665519e0  -- mar
      WHEN 8 THEN 0.02396231037371431e0  -- may
      WHEN 9 THEN 0.04569280830467813e0  -- nov
      WHEN 10 THEN 0.00075794917556159e0  -- oct
      WHEN 11 THEN 0.1102933384571405e0  -- sep
      WHEN 12 THEN 0.0016131548458095252e0  -- (other)
      WHEN 13 THEN 0.0016131548458095247e0  -- (missing)
    END AS value_created_month_c
  FROM lv_encoded
),
lv_sums AS (
  -- each part's linear predictor; the goal profile's segment multiplier
  SELECT
    *,
    -1.9908065294117654e0 + win_source_c + win_industry_c + win_employees_c + win_job_level_c + win_pages_viewed_c + win_demo_requested_c + win_free_email_c + win_created_month_c AS win_eta,  -- log-odds of winning: intercept + contributions
    7.93549186757131e0 + value_source_c + value_industry_c + value_employees_c + value_job_level_c + value_pages_viewed_c + value_demo_requested_c + value_free_email_c + value_created_month_c AS value_eta,  -- log E[value | won]: intercept + contributions
    1e0 AS multiplier  -- product of the multipliers of the segments the lead is in
  FROM lv_terms
),
lv_outputs AS (
  -- the parts' outputs
  SELECT
    *,
    1 / (1 + CASE WHEN -win_eta > 709.782712893384e0 THEN CAST('Infinity' AS DOUBLE) WHEN -win_eta < -745.1332191019411e0 THEN 0e0 ELSE EXP(-win_eta) END) AS p_win,  -- P(win)
    CASE WHEN value_eta > 709.782712893384e0 THEN CAST('Infinity' AS DOUBLE) WHEN value_eta < -745.1332191019411e0 THEN 0e0 ELSE EXP(value_eta) END AS value_if_won  -- E[value in the horizon | won]
  FROM lv_sums
),
lv_scored AS (
  -- expected value, and the score under goal profile "long-term-value"
  SELECT
    *,
    p_win * value_if_won AS expected_value,
    (1e0 * ((p_win * value_if_won) / 645.8389640255159e0)) / 1e0 * multiplier AS score  -- 1 = an average training lead
  FROM lv_outputs
),
lv_ranked AS (
  -- each contribution's place among the lead's reasons (by absolute size)
  SELECT
    *,
    CASE WHEN win_created_month_c <> 0 THEN 1
      + CASE WHEN ABS(value_created_month_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_created_month_c) THEN 1 ELSE 0 END END AS win_created_month_place,  -- place of created_month (win)
    CASE WHEN value_created_month_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_created_month_c) THEN 1 ELSE 0 END END AS value_created_month_place,  -- place of created_month (value)
    CASE WHEN win_demo_requested_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_demo_requested_c) THEN 1 ELSE 0 END END AS win_demo_requested_place,  -- place of demo_requested (win)
    CASE WHEN value_demo_requested_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_demo_requested_c) THEN 1 ELSE 0 END END AS value_demo_requested_place,  -- place of demo_requested (value)
    CASE WHEN win_employees_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_employees_c) THEN 1 ELSE 0 END END AS win_employees_place,  -- place of employees (win)
    CASE WHEN value_employees_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_employees_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_employees_c) THEN 1 ELSE 0 END END AS value_employees_place,  -- place of employees (value)
    CASE WHEN win_free_email_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_free_email_c) THEN 1 ELSE 0 END END AS win_free_email_place,  -- place of free_email (win)
    CASE WHEN value_free_email_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_free_email_c) THEN 1 ELSE 0 END END AS value_free_email_place,  -- place of free_email (value)
    CASE WHEN win_industry_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) > ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_industry_c) THEN 1 ELSE 0 END END AS win_industry_place,  -- place of industry (win)
    CASE WHEN value_industry_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) > ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_industry_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_industry_c) THEN 1 ELSE 0 END END AS value_industry_place,  -- place of industry (value)
    CASE WHEN win_job_level_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) >= ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) > ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_job_level_c) THEN 1 ELSE 0 END END AS win_job_level_place,  -- place of job_level (win)
    CASE WHEN value_job_level_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) >= ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) > ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_job_level_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_job_level_c) THEN 1 ELSE 0 END END AS value_job_level_place,  -- place of job_level (value)
    CASE WHEN win_pages_viewed_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) >= ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) > ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(win_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_pages_viewed_c) THEN 1 ELSE 0 END END AS win_pages_viewed_place,  -- place of pages_viewed (win)
    CASE WHEN value_pages_viewed_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) >= ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) > ABS(value_pages_viewed_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(value_pages_viewed_c) THEN 1 ELSE 0 END END AS value_pages_viewed_place,  -- place of pages_viewed (value)
    CASE WHEN win_source_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) >= ABS(win_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_source_c) > ABS(win_source_c) THEN 1 ELSE 0 END END AS win_source_place,  -- place of source (win)
    CASE WHEN value_source_c <> 0 THEN 1
      + CASE WHEN ABS(win_created_month_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_created_month_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_demo_requested_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_demo_requested_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_employees_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_employees_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_free_email_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_free_email_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_industry_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_industry_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_job_level_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_job_level_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_pages_viewed_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(value_pages_viewed_c) >= ABS(value_source_c) THEN 1 ELSE 0 END
      + CASE WHEN ABS(win_source_c) >= ABS(value_source_c) THEN 1 ELSE 0 END END AS value_source_place  -- place of source (value)
  FROM lv_scored
)
-- one row per lead
SELECT
  lead_id_ AS "lead_id",
  CASE WHEN invalid_field_ IS NULL THEN p_win END AS p_win,
  CASE WHEN invalid_field_ IS NULL THEN value_if_won END AS value_if_won,
  CASE WHEN invalid_field_ IS NULL THEN expected_value END AS expected_value,
  CASE WHEN invalid_field_ IS NULL THEN score END AS score,
  'long-term-value' AS goal_profile,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 1 THEN 'created_month'
    WHEN value_created_month_place = 1 THEN 'created_month'
    WHEN win_demo_requested_place = 1 THEN 'demo_requested'
    WHEN value_demo_requested_place = 1 THEN 'demo_requested'
    WHEN win_employees_place = 1 THEN 'employees'
    WHEN value_employees_place = 1 THEN 'employees'
    WHEN win_free_email_place = 1 THEN 'free_email'
    WHEN value_free_email_place = 1 THEN 'free_email'
    WHEN win_industry_place = 1 THEN 'industry'
    WHEN value_industry_place = 1 THEN 'industry'
    WHEN win_job_level_place = 1 THEN 'job_level'
    WHEN value_job_level_place = 1 THEN 'job_level'
    WHEN win_pages_viewed_place = 1 THEN 'pages_viewed'
    WHEN value_pages_viewed_place = 1 THEN 'pages_viewed'
    WHEN win_source_place = 1 THEN 'source'
    WHEN value_source_place = 1 THEN 'source'
  END AS reason_1_feature,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 1 THEN 'win'
    WHEN value_created_month_place = 1 THEN 'value'
    WHEN win_demo_requested_place = 1 THEN 'win'
    WHEN value_demo_requested_place = 1 THEN 'value'
    WHEN win_employees_place = 1 THEN 'win'
    WHEN value_employees_place = 1 THEN 'value'
    WHEN win_free_email_place = 1 THEN 'win'
    WHEN value_free_email_place = 1 THEN 'value'
    WHEN win_industry_place = 1 THEN 'win'
    WHEN value_industry_place = 1 THEN 'value'
    WHEN win_job_level_place = 1 THEN 'win'
    WHEN value_job_level_place = 1 THEN 'value'
    WHEN win_pages_viewed_place = 1 THEN 'win'
    WHEN value_pages_viewed_place = 1 THEN 'value'
    WHEN win_source_place = 1 THEN 'win'
    WHEN value_source_place = 1 THEN 'value'
  END AS reason_1_part,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 1 THEN win_created_month_c
    WHEN value_created_month_place = 1 THEN value_created_month_c
    WHEN win_demo_requested_place = 1 THEN win_demo_requested_c
    WHEN value_demo_requested_place = 1 THEN value_demo_requested_c
    WHEN win_employees_place = 1 THEN win_employees_c
    WHEN value_employees_place = 1 THEN value_employees_c
    WHEN win_free_email_place = 1 THEN win_free_email_c
    WHEN value_free_email_place = 1 THEN value_free_email_c
    WHEN win_industry_place = 1 THEN win_industry_c
    WHEN value_industry_place = 1 THEN value_industry_c
    WHEN win_job_level_place = 1 THEN win_job_level_c
    WHEN value_job_level_place = 1 THEN value_job_level_c
    WHEN win_pages_viewed_place = 1 THEN win_pages_viewed_c
    WHEN value_pages_viewed_place = 1 THEN value_pages_viewed_c
    WHEN win_source_place = 1 THEN win_source_c
    WHEN value_source_place = 1 THEN value_source_c
  END AS reason_1_contribution,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 2 THEN 'created_month'
    WHEN value_created_month_place = 2 THEN 'created_month'
    WHEN win_demo_requested_place = 2 THEN 'demo_requested'
    WHEN value_demo_requested_place = 2 THEN 'demo_requested'
    WHEN win_employees_place = 2 THEN 'employees'
    WHEN value_employees_place = 2 THEN 'employees'
    WHEN win_free_email_place = 2 THEN 'free_email'
    WHEN value_free_email_place = 2 THEN 'free_email'
    WHEN win_industry_place = 2 THEN 'industry'
    WHEN value_industry_place = 2 THEN 'industry'
    WHEN win_job_level_place = 2 THEN 'job_level'
    WHEN value_job_level_place = 2 THEN 'job_level'
    WHEN win_pages_viewed_place = 2 THEN 'pages_viewed'
    WHEN value_pages_viewed_place = 2 THEN 'pages_viewed'
    WHEN win_source_place = 2 THEN 'source'
    WHEN value_source_place = 2 THEN 'source'
  END AS reason_2_feature,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 2 THEN 'win'
    WHEN value_created_month_place = 2 THEN 'value'
    WHEN win_demo_requested_place = 2 THEN 'win'
    WHEN value_demo_requested_place = 2 THEN 'value'
    WHEN win_employees_place = 2 THEN 'win'
    WHEN value_employees_place = 2 THEN 'value'
    WHEN win_free_email_place = 2 THEN 'win'
    WHEN value_free_email_place = 2 THEN 'value'
    WHEN win_industry_place = 2 THEN 'win'
    WHEN value_industry_place = 2 THEN 'value'
    WHEN win_job_level_place = 2 THEN 'win'
    WHEN value_job_level_place = 2 THEN 'value'
    WHEN win_pages_viewed_place = 2 THEN 'win'
    WHEN value_pages_viewed_place = 2 THEN 'value'
    WHEN win_source_place = 2 THEN 'win'
    WHEN value_source_place = 2 THEN 'value'
  END AS reason_2_part,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 2 THEN win_created_month_c
    WHEN value_created_month_place = 2 THEN value_created_month_c
    WHEN win_demo_requested_place = 2 THEN win_demo_requested_c
    WHEN value_demo_requested_place = 2 THEN value_demo_requested_c
    WHEN win_employees_place = 2 THEN win_employees_c
    WHEN value_employees_place = 2 THEN value_employees_c
    WHEN win_free_email_place = 2 THEN win_free_email_c
    WHEN value_free_email_place = 2 THEN value_free_email_c
    WHEN win_industry_place = 2 THEN win_industry_c
    WHEN value_industry_place = 2 THEN value_industry_c
    WHEN win_job_level_place = 2 THEN win_job_level_c
    WHEN value_job_level_place = 2 THEN value_job_level_c
    WHEN win_pages_viewed_place = 2 THEN win_pages_viewed_c
    WHEN value_pages_viewed_place = 2 THEN value_pages_viewed_c
    WHEN win_source_place = 2 THEN win_source_c
    WHEN value_source_place = 2 THEN value_source_c
  END AS reason_2_contribution,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 3 THEN 'created_month'
    WHEN value_created_month_place = 3 THEN 'created_month'
    WHEN win_demo_requested_place = 3 THEN 'demo_requested'
    WHEN value_demo_requested_place = 3 THEN 'demo_requested'
    WHEN win_employees_place = 3 THEN 'employees'
    WHEN value_employees_place = 3 THEN 'employees'
    WHEN win_free_email_place = 3 THEN 'free_email'
    WHEN value_free_email_place = 3 THEN 'free_email'
    WHEN win_industry_place = 3 THEN 'industry'
    WHEN value_industry_place = 3 THEN 'industry'
    WHEN win_job_level_place = 3 THEN 'job_level'
    WHEN value_job_level_place = 3 THEN 'job_level'
    WHEN win_pages_viewed_place = 3 THEN 'pages_viewed'
    WHEN value_pages_viewed_place = 3 THEN 'pages_viewed'
    WHEN win_source_place = 3 THEN 'source'
    WHEN value_source_place = 3 THEN 'source'
  END AS reason_3_feature,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 3 THEN 'win'
    WHEN value_created_month_place = 3 THEN 'value'
    WHEN win_demo_requested_place = 3 THEN 'win'
    WHEN value_demo_requested_place = 3 THEN 'value'
    WHEN win_employees_place = 3 THEN 'win'
    WHEN value_employees_place = 3 THEN 'value'
    WHEN win_free_email_place = 3 THEN 'win'
    WHEN value_free_email_place = 3 THEN 'value'
    WHEN win_industry_place = 3 THEN 'win'
    WHEN value_industry_place = 3 THEN 'value'
    WHEN win_job_level_place = 3 THEN 'win'
    WHEN value_job_level_place = 3 THEN 'value'
    WHEN win_pages_viewed_place = 3 THEN 'win'
    WHEN value_pages_viewed_place = 3 THEN 'value'
    WHEN win_source_place = 3 THEN 'win'
    WHEN value_source_place = 3 THEN 'value'
  END AS reason_3_part,
  CASE WHEN invalid_field_ IS NOT NULL THEN NULL
    WHEN win_created_month_place = 3 THEN win_created_month_c
    WHEN value_created_month_place = 3 THEN value_created_month_c
    WHEN win_demo_requested_place = 3 THEN win_demo_requested_c
    WHEN value_demo_requested_place = 3 THEN value_demo_requested_c
    WHEN win_employees_place = 3 THEN win_employees_c
    WHEN value_employees_place = 3 THEN value_employees_c
    WHEN win_free_email_place = 3 THEN win_free_email_c
    WHEN value_free_email_place = 3 THEN value_free_email_c
    WHEN win_industry_place = 3 THEN win_industry_c
    WHEN value_industry_place = 3 THEN value_industry_c
    WHEN win_job_level_place = 3 THEN win_job_level_c
    WHEN value_job_level_place = 3 THEN value_job_level_c
    WHEN win_pages_viewed_place = 3 THEN win_pages_viewed_c
    WHEN value_pages_viewed_place = 3 THEN value_pages_viewed_c
    WHEN win_source_place = 3 THEN win_source_c
    WHEN value_source_place = 3 THEN value_source_c
  END AS reason_3_contribution,
  invalid_field_ AS invalid_field  -- NULL, or the source field the scorer would refuse for this lead
FROM lv_ranked;
