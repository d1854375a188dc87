-- Influenced pipeline: the amount of every opportunity Northwind sourced or influenced, by the week it was
-- created (dated the Monday that starts the week, as the scorecard's weekly rows are).
--
-- exports/opportunities.csv is RevOps' Monday export of the CRM report "Partner opportunities", as the
-- CRM writes it: semicolons, US dates, decimal commas. DuckDB reads it as it is; `partnerscore pull`
-- replaces the influenced_pipeline rows of data/northwind.csv with these and keeps every other series.
SELECT
    date_trunc('week', "Created Date")::DATE AS date,
    'influenced_pipeline' AS metric,
    sum("Amount") AS value
FROM read_csv(
    'exports/opportunities.csv',
    delim = ';',
    decimal_separator = ',',
    dateformat = '%m/%d/%Y'
)
WHERE "Partner" = 'Northwind Consulting'
  AND "Partner Role" IN ('Sourced', 'Influenced')
GROUP BY ALL
ORDER BY date
