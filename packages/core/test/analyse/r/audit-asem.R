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

# PCA of each node's children on dset_Aggregated: prcomp(center = TRUE, scale. = TRUE) on complete cases;
# eigenvalues = sdev^2, loadings = rotation with each column's sign chosen so that its entries sum to >= 0.
pcs <- do.call(rbind, lapply(names(nodes), function(n) { m <- na.omit(as.matrix(agg[nodes[[n]]]))
  p <- prcomp(m, center = TRUE, scale. = TRUE); rot <- p$rotation
  for (c in seq_len(ncol(rot))) if (sum(rot[, c]) < 0) rot[, c] <- -rot[, c]
  data.frame(node = n, variable = rownames(rot), units = nrow(m), eigenvalue = p$sdev^2,
             pc1 = rot[, 1], pc2 = rot[, 2]) }))
write.csv(fmt(pcs), "r/asem-pca.csv", row.names = FALSE)

# Correlation ratio eta^2 = Var(E(Index | x)) / Var(Index) of each pillar, E(.|x) by a local linear smoother
# with a Gaussian kernel, bandwidth h = g * sd_pop(x) with g minimising the leave-one-out squared error over
# the grid below (variances with divisor n).
ll <- function(x, y, h, loo = FALSE) sapply(seq_along(x), function(i) {
  w <- exp(-0.5 * ((x - x[i]) / h)^2); if (loo) w[i] <- 0; d <- x - x[i]
  s0 <- sum(w); s1 <- sum(w * d); s2 <- sum(w * d^2); t0 <- sum(w * y); t1 <- sum(w * d * y)
  (s2 * t0 - s1 * t1) / (s0 * s2 - s1^2) })
vpop <- function(v) mean((v - mean(v))^2)
grid <- c(0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2)
eta <- do.call(rbind, lapply(c(unique(lin$Pillar), unique(lin$Sub.index)), function(n) {
  x <- agg[[n]]; y <- agg$Index; sx <- sqrt(vpop(x))
  err <- sapply(grid, function(g) sum((y - ll(x, y, g * sx, TRUE))^2)); g <- grid[which.min(err)]
  data.frame(node = n, bandwidth = g * sx, ratio = min(1, vpop(ll(x, y, g * sx)) / vpop(y))) }))
write.csv(fmt(eta), "r/asem-importance.csv", row.names = FALSE)

# Correlation of every indicator (Raw) with every denominator the example uses (COINr get_denom_corr,
# unrounded): the denominators are the iData columns Area, Energy, GDP and Population named in iMeta.
idata <- read.csv(file.path(ref, "data/ASEM_iData.csv"))
dens <- unique(read.csv(file.path(ref, "pipeline/denomination_spec.csv"))$Denominator)
dc <- do.call(rbind, lapply(dens, function(d) data.frame(indicator = ind, denominator = d,
  r = sapply(ind, function(i) cor(raw[[i]], idata[[d]][match(raw$uCode, idata$uCode)], use = "pairwise.complete.obs")))))
write.csv(fmt(dc), "r/asem-denominators.csv", row.names = FALSE)
