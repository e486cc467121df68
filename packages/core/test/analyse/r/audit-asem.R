# Expected values of the statistical audit on COINr's ASEM example, computed with base R 4.2.2 from the
# reference datasets (COINr itself is not needed: each statistic is written out below as COINr defines it).
# Run from packages/core/test/analyse:  Rscript r/audit-asem.R /path/to/shared/reference/coinr-asem
# It writes r/asem-stats.csv, r/asem-correlations.csv and r/asem-cronbach.csv with 17 significant digits.
args <- commandArgs(trailingOnly = TRUE)
ref <- args[1]
raw <- read.csv(file.path(ref, "pipeline/dset_Raw.csv"))
agg <- read.csv(file.path(ref, "pipeline/dset_Aggregated.csv"))
lin <- read.csv(file.path(ref, "pipeline/lineage.csv"))
ind <- lin$Indicator
fmt <- function(df) { df[] <- lapply(df, function(c) if (is.numeric(c)) sprintf("%.17g", c) else c); df }

skew2 <- function(x) { x <- x[!is.na(x)]; n <- length(x); d <- x - mean(x)
  (sqrt(n) * sum(d^3) / sum(d^2)^1.5) * sqrt(n * (n - 1)) / (n - 2) }
kurt2 <- function(x) { x <- x[!is.na(x)]; n <- length(x); d <- x - mean(x)
  g2 <- n * sum(d^4) / sum(d^2)^2 - 3
  ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)) }

stats <- do.call(rbind, lapply(ind, function(i) { x <- raw[[i]]; a <- x[!is.na(x)]
  data.frame(iCode = i, Min = min(a), Max = max(a), Mean = mean(a), Median = median(a), Std = sd(a),
             Skew = skew2(x), Kurt = kurt2(x), N.Avail = length(a), N.NonZero = sum(a != 0),
             N.Unique = length(unique(a)), N.Same = max(table(a))) }))
write.csv(fmt(stats), "r/asem-stats.csv", row.names = FALSE)

# every child with its parent, on the Aggregated dataset (indicators normalised), three coefficients
pairs <- unique(rbind(data.frame(child = lin$Indicator, parent = lin$Pillar),
                      data.frame(child = lin$Pillar, parent = lin$Sub.index),
                      data.frame(child = lin$Sub.index, parent = lin$Index)))
cors <- do.call(rbind, lapply(seq_len(nrow(pairs)), function(k) { a <- agg[[pairs$child[k]]]; b <- agg[[pairs$parent[k]]]
  data.frame(child = pairs$child[k], parent = pairs$parent[k],
             pearson = cor(a, b, use = "pairwise.complete.obs"),
             spearman = cor(a, b, method = "spearman", use = "pairwise.complete.obs"),
             kendall = cor(a, b, method = "kendall", use = "pairwise.complete.obs")) }))
write.csv(fmt(cors), "r/asem-correlations.csv", row.names = FALSE)

# Cronbach's alpha of each node's children (COINr get_cronbach: covariances over pairwise complete obs)
alpha <- function(m) { k <- ncol(m); cv <- cov(m, use = "pairwise.complete.obs")
  k / (k - 1) * (1 - sum(diag(cv)) / sum(cv)) }
nodes <- list(); for (p in unique(lin$Pillar)) nodes[[p]] <- unique(lin$Indicator[lin$Pillar == p])
for (s in unique(lin$Sub.index)) nodes[[s]] <- unique(lin$Pillar[lin$Sub.index == s])
nodes[["Index"]] <- unique(lin$Sub.index)
cron <- data.frame(node = names(nodes), alpha = sapply(names(nodes), function(n) alpha(as.matrix(agg[nodes[[n]]]))))
write.csv(fmt(cron), "r/asem-cronbach.csv", row.names = FALSE)
