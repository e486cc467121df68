# Regenerates the oracles in this folder from COINr's reference data (../shared/reference/coinr-asem).
# Run from the repository root with COINr 1.1.x loaded:
#   Rscript packages/core/test/impute/golden/make-golden.R
# Each CSV lists the cells that were missing in the input, one per row, with the value COINr gave them
# (`NA` if it left the cell missing). Values are written with 17 significant digits.
if (requireNamespace("COINr", quietly = TRUE)) {
  impute_panel <- COINr::impute_panel
  Impute_data.frame <- function(...) COINr::Impute(...)
} else {
  # A transcription of COINr's impute.R (impute_panel, Impute.data.frame), when the package is not installed
  source(Sys.getenv("COINR_IMPUTE_R"))
}
ref <- "../shared/reference/coinr-asem"
out <- "packages/core/test/impute/golden"
num <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

# --- Panel: COINr impute_panel on ASEM_iData_p (2018-2022), every indicator column ---
p <- read.csv(file.path(ref, "data/ASEM_iData_p.csv"), stringsAsFactors = FALSE)
meta <- read.csv(file.path(ref, "data/ASEM_iMeta.csv"), stringsAsFactors = FALSE)
inds <- meta$iCode[meta$Type == "Indicator"]
# The values COINr's impute_panel example removes (its example spells the units "NZ" and "AT", which match
# nothing in ASEM_iData_p; here they are removed for real)
p$LPI[p$uCode == "NZL" & p$Time == 2022] <- NA
p$Flights[p$uCode == "AUT" & p$Time == 2022] <- NA
# More gaps, to cover interpolation inside the series and at both ends: one year inside, two years inside,
# the first year, the last two years, and every other year
p$LPI[p$uCode == "FRA" & p$Time == 2020] <- NA
p$LPI[p$uCode == "CHN" & p$Time %in% c(2019, 2020)] <- NA
p$Flights[p$uCode == "DEU" & p$Time == 2018] <- NA
p$Goods[p$uCode == "JPN" & p$Time %in% c(2021, 2022)] <- NA
p$Renew[p$uCode == "IND" & p$Time %in% c(2018, 2020, 2022)] <- NA
na <- which(is.na(as.matrix(p[inds])), arr.ind = TRUE)
cells <- data.frame(uCode = p$uCode[na[, 1]], Time = p$Time[na[, 1]], iCode = inds[na[, 2]])
runs <- list(
  latest = list(imp_type = "latest"),
  latest_max1 = list(imp_type = "latest", max_time = 1),
  linear = list(imp_type = "linear"),
  constant = list(imp_type = "constant")
)
for (r in names(runs)) {
  imp <- do.call(impute_panel, c(list(iData = p, cols = inds), runs[[r]]))$iData_imp
  cells[[r]] <- num(as.matrix(imp[inds])[na])
  stopifnot(identical(as.matrix(imp[inds])[!is.na(as.matrix(p[inds]))], as.matrix(p[inds])[!is.na(as.matrix(p[inds]))]))
}
write.csv(cells, file.path(out, "panel_ASEM_iData_p.csv"), row.names = FALSE)

# --- Row-wise: Impute(coin, dset = "Denominated", impute_by = "row", group_level = g, ...) on the example coin,
# as Impute.coin does it: split the indicators by their level-g group (lineage) and impute each group's data frame
d <- read.csv(file.path(ref, "pipeline/dset_Denominated.csv"), stringsAsFactors = FALSE)
lin <- read.csv(file.path(ref, "pipeline/lineage.csv"), stringsAsFactors = FALSE, check.names = FALSE)
iData_ <- d[inds]
lin <- lin[match(colnames(iData_), lin[[1]]), ]
dirs <- meta$Direction[match(inds, meta$iCode)]
row_impute <- function(group_level, f_i, normalise_first) {
  parts <- lapply(split.default(seq_along(inds), lin[[group_level]]), function(j) {
    Impute_data.frame(iData_[j], f_i = f_i, impute_by = "row", normalise_first = normalise_first,
                      directions = dirs[j], warn_on_NAs = FALSE)
  })
  imp <- Reduce(cbind, parts)
  imp[inds]
}
na <- which(is.na(as.matrix(iData_)), arr.ind = TRUE)
cells <- data.frame(uCode = d$uCode[na[, 1]], iCode = inds[na[, 2]])
rruns <- list(
  pillar_mean = list(2, "i_mean", TRUE),
  pillar_median = list(2, "i_median", TRUE),
  subindex_mean = list(3, "i_mean", TRUE),
  pillar_mean_raw = list(2, "i_mean", FALSE)
)
for (r in names(rruns)) {
  a <- rruns[[r]]
  cells[[r]] <- num(as.matrix(row_impute(a[[1]], a[[2]], a[[3]]))[na])
}
write.csv(cells, file.path(out, "row_ASEM_Denominated.csv"), row.names = FALSE)
