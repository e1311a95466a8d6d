# Read an `nhssim compare` output set with readr, dplyr and ggplot2.
# Usage: Rscript read_compare.R DIR   (DIR: compare's --out, e.g. docs/charts)
suppressPackageStartupMessages({
  library(readr)
  library(dplyr)
  library(ggplot2)
})
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "nhssim-out"

# Differences from the baseline with 95% intervals. An undefined value is
# an empty field, which readr reads as NA.
diffs <- read_csv(file.path(out, "differences.csv"), show_col_types = FALSE)
diffs |>
  filter(metric %in% c("emergency_admissions_per_1000", "delayed_bed_days_per_1000",
                       "duplication_transaction_cost_per_head", "upc_mean")) |>
  select(scenario, metric, difference, lo, hi) |>
  print(width = Inf)

# Monthly emergency admissions after the warm-up (month 13 with the default
# one-year warm-up: manifest.json's first_month_after_warmup), averaged
# over replicates, drawn as one line per scenario.
series <- read_csv(file.path(out, "series.csv"), show_col_types = FALSE)
monthly <- series |>
  filter(metric == "emergency_admissions_per_1000", month >= 13) |>
  group_by(scenario, month) |>
  summarise(value = mean(value), .groups = "drop")
p <- ggplot(monthly, aes(month, value, colour = scenario)) +
  geom_line() +
  expand_limits(y = 0) +
  labs(x = "Month of the run", y = "Emergency admissions per 1,000 a year")
ggsave(file.path(tempdir(), "admissions.png"), p, width = 7, height = 4)
cat("monthly rows:", nrow(monthly), "\n")
