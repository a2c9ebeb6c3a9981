#include "Forecaster.h"

#include <QLoggingCategory>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

Q_LOGGING_CATEGORY(lcForecast, "opsdeck.capacity.forecast")

namespace opsdeck::capacity {

namespace {

constexpr double kZ80 = 1.2815515655446004;
constexpr double kZ95 = 1.959963984540054;
constexpr int kMinPoints = 8;

// Mean and per-step standard deviation of a forecast; for the exponential
// model both are in log space and exponentiated when points are built.
struct ModelOutput
{
    bool ok = false;
    bool logSpace = false;
    std::vector<double> mean;
    std::vector<double> sd;
};

// Gaps are filled by linear interpolation; leading/trailing gaps take the
// nearest known value. Returns an empty vector if nothing is known.
std::vector<double> filled(const QList<double>& values)
{
    std::vector<double> y(values.begin(), values.end());
    const int n = int(y.size());
    int prev = -1;
    for (int i = 0; i < n; ++i) {
        if (std::isnan(y[size_t(i)]))
            continue;
        if (prev < 0) {
            for (int j = 0; j < i; ++j)
                y[size_t(j)] = y[size_t(i)];
        } else if (i - prev > 1) {
            const double a = y[size_t(prev)], b = y[size_t(i)];
            for (int j = prev + 1; j < i; ++j)
                y[size_t(j)] = a + (b - a) * double(j - prev) / double(i - prev);
        }
        prev = i;
    }
    if (prev < 0)
        return {};
    for (int j = prev + 1; j < n; ++j)
        y[size_t(j)] = y[size_t(prev)];
    return y;
}

ModelOutput fitPolynomial(const std::vector<double>& y, int degree, int horizon, bool logSpace)
{
    ModelOutput out;
    const int n = int(y.size());
    if (n < degree + 3)
        return out;
    // x scaled to [0, 1) keeps the cubic's normal matrix well conditioned.
    const double scale = double(n);
    Eigen::MatrixXd X(n, degree + 1);
    Eigen::VectorXd Y(n);
    for (int i = 0; i < n; ++i) {
        const double x = double(i) / scale;
        double p = 1.0;
        for (int d = 0; d <= degree; ++d) {
            X(i, d) = p;
            p *= x;
        }
        if (logSpace) {
            if (!(y[size_t(i)] > 0.0))
                return out;
            Y(i) = std::log(y[size_t(i)]);
        } else {
            Y(i) = y[size_t(i)];
        }
    }
    const Eigen::VectorXd beta = X.colPivHouseholderQr().solve(Y);
    const Eigen::VectorXd resid = Y - X * beta;
    const int dof = std::max(1, n - (degree + 1));
    const double s = std::sqrt(resid.squaredNorm() / double(dof));
    const Eigen::MatrixXd xtxInv = (X.transpose() * X).completeOrthogonalDecomposition().pseudoInverse();
    out.mean.resize(size_t(horizon));
    out.sd.resize(size_t(horizon));
    Eigen::VectorXd x0(degree + 1);
    for (int h = 1; h <= horizon; ++h) {
        const double x = double(n - 1 + h) / scale;
        double p = 1.0;
        for (int d = 0; d <= degree; ++d) {
            x0(d) = p;
            p *= x;
        }
        out.mean[size_t(h - 1)] = x0.dot(beta);
        const double leverage = std::max(0.0, double(x0.transpose() * xtxInv * x0));
        out.sd[size_t(h - 1)] = s * std::sqrt(1.0 + leverage);
    }
    out.ok = std::isfinite(s);
    out.logSpace = logSpace;
    return out;
}

// Line plus K harmonic pairs of the season m, by least squares; time scaled
// to [0, 1) as in fitPolynomial. K = min(m / 2, 12): enough for a daily shape
// at any step, and for a weekly season it includes the daily (7th) harmonic.
ModelOutput fitSeasonalLinear(const std::vector<double>& y, int m, int horizon)
{
    ModelOutput out;
    const int n = int(y.size());
    const int k = std::min(m / 2, 12);
    const int p = 2 + 2 * k;
    if (m < 2 || k < 1 || n < 2 * m || n < p + 3)
        return out;
    const double scale = double(n);
    auto row = [&](int t, Eigen::Ref<Eigen::VectorXd> x) {
        x(0) = 1.0;
        x(1) = double(t) / scale;
        for (int j = 1; j <= k; ++j) {
            const double w = 2.0 * std::numbers::pi * double(j) * double(t % m) / double(m);
            x(2 * j) = std::sin(w);
            x(2 * j + 1) = std::cos(w);
        }
    };
    Eigen::MatrixXd X(n, p);
    Eigen::VectorXd Y(n);
    Eigen::VectorXd x(p);
    for (int i = 0; i < n; ++i) {
        row(i, x);
        X.row(i) = x.transpose();
        Y(i) = y[size_t(i)];
    }
    const Eigen::VectorXd beta = X.colPivHouseholderQr().solve(Y);
    const double s = std::sqrt((Y - X * beta).squaredNorm() / double(std::max(1, n - p)));
    const Eigen::MatrixXd xtxInv = (X.transpose() * X).completeOrthogonalDecomposition().pseudoInverse();
    out.mean.resize(size_t(horizon));
    out.sd.resize(size_t(horizon));
    for (int h = 1; h <= horizon; ++h) {
        row(n - 1 + h, x);
        out.mean[size_t(h - 1)] = x.dot(beta);
        out.sd[size_t(h - 1)] = s * std::sqrt(1.0 + std::max(0.0, double(x.transpose() * xtxInv * x)));
    }
    out.ok = std::isfinite(s);
    return out;
}

// ETS variance growth (FPP 2nd ed., table 7.8); m = 0 means no season.
double etsSd(double sigma, double alpha, double beta, double gamma, int m, int h)
{
    const double b = alpha * beta;
    const double g = (1.0 - alpha) * gamma;
    const double hh = double(h);
    double v = 1.0 + (hh - 1.0) * (alpha * alpha + alpha * b * hh + b * b * hh * (2.0 * hh - 1.0) / 6.0);
    if (m > 0) {
        const double k = std::floor((hh - 1.0) / double(m));
        v += g * k * (2.0 * alpha + g + b * double(m) * (k + 1.0));
    }
    return sigma * std::sqrt(std::max(1.0, v));
}

struct SmoothingState
{
    double sse = 0.0;
    int count = 0;
    double seasonAheadSse = 0.0; // Holt-Winters: errors of the forecasts made one season earlier
    double level = 0.0;
    double trend = 0.0;
    std::vector<double> season;
};

SmoothingState runHolt(const std::vector<double>& y, double alpha, double beta)
{
    SmoothingState st;
    st.level = y[0];
    st.trend = y[1] - y[0];
    for (size_t t = 1; t < y.size(); ++t) {
        const double f = st.level + st.trend;
        const double e = y[t] - f;
        st.sse += e * e;
        ++st.count;
        const double level = alpha * y[t] + (1.0 - alpha) * f;
        st.trend = beta * (level - st.level) + (1.0 - beta) * st.trend;
        st.level = level;
    }
    return st;
}

SmoothingState runHoltWinters(const std::vector<double>& y, int m, double alpha, double beta, double gamma)
{
    SmoothingState st;
    double first = 0.0, second = 0.0;
    for (int i = 0; i < m; ++i) {
        first += y[size_t(i)];
        second += y[size_t(m + i)];
    }
    first /= double(m);
    second /= double(m);
    st.level = first;
    st.trend = (second - first) / double(m);
    st.season.resize(size_t(m));
    for (int i = 0; i < m; ++i)
        st.season[size_t(i)] = y[size_t(i)] - (first + st.trend * (double(i) - double(m - 1) / 2.0));
    st.level = first + st.trend * double(m - 1) / 2.0; // level at t = m-1
    // ahead[t % m] holds the forecast for t made at t - m (NaN before the first).
    std::vector<double> ahead(size_t(m), std::nan(""));
    for (size_t t = size_t(m); t < y.size(); ++t) {
        double& s = st.season[t % size_t(m)];
        const double f = st.level + st.trend + s;
        const double e = y[t] - f;
        st.sse += e * e;
        ++st.count;
        double& early = ahead[t % size_t(m)];
        if (!std::isnan(early))
            st.seasonAheadSse += (y[t] - early) * (y[t] - early);
        const double level = alpha * (y[t] - s) + (1.0 - alpha) * (st.level + st.trend);
        st.trend = beta * (level - st.level) + (1.0 - beta) * st.trend;
        s = gamma * (y[t] - level) + (1.0 - gamma) * s;
        st.level = level;
        early = st.level + double(m) * st.trend + s; // the forecast for t + m
    }
    return st;
}

// Parameters by grid search on the in-sample one-step SSE: coarse but
// bounded, which matters when thousands of series are forecast at once.
ModelOutput fitHolt(const std::vector<double>& y, int horizon)
{
    ModelOutput out;
    if (int(y.size()) < kMinPoints)
        return out;
    static constexpr double alphas[] = { 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.95 };
    static constexpr double betas[] = { 0.01, 0.05, 0.1, 0.3 };
    SmoothingState best;
    double bestA = 0.0, bestB = 0.0;
    best.sse = std::numeric_limits<double>::infinity();
    for (double a : alphas) {
        for (double b : betas) {
            SmoothingState st = runHolt(y, a, b);
            if (st.sse < best.sse) {
                best = std::move(st);
                bestA = a;
                bestB = b;
            }
        }
    }
    const double sigma = std::sqrt(best.sse / double(std::max(1, best.count)));
    out.mean.resize(size_t(horizon));
    out.sd.resize(size_t(horizon));
    for (int h = 1; h <= horizon; ++h) {
        out.mean[size_t(h - 1)] = best.level + double(h) * best.trend;
        out.sd[size_t(h - 1)] = etsSd(sigma, bestA, bestB, 0.0, 0, h);
    }
    out.ok = std::isfinite(sigma);
    return out;
}

ModelOutput fitHoltWinters(const std::vector<double>& y, int m, int horizon)
{
    ModelOutput out;
    const int n = int(y.size());
    if (m < 2 || n < 2 * m + 2)
        return out;
    // Parameters are chosen by the error of forecasts made one season ahead,
    // not one step: one-step SSE favours a nervous level that absorbs the
    // season and ruins forecasts a season or more ahead (NAB nyc_taxi: mean
    // absolute error over its last three weeks 7,300 with one-step selection,
    // 2,700 with season-ahead selection).
    static constexpr double alphas[] = { 0.02, 0.05, 0.1, 0.2 };
    static constexpr double betas[] = { 0.0, 0.001, 0.01 };
    static constexpr double gammas[] = { 0.05, 0.1, 0.3, 0.5 };
    SmoothingState best;
    double bestA = 0.0, bestB = 0.0, bestG = 0.0;
    best.seasonAheadSse = std::numeric_limits<double>::infinity();
    for (double a : alphas) {
        for (double b : betas) {
            for (double g : gammas) {
                SmoothingState st = runHoltWinters(y, m, a, b, g);
                if (st.seasonAheadSse < best.seasonAheadSse) {
                    best = std::move(st);
                    bestA = a;
                    bestB = b;
                    bestG = g;
                }
            }
        }
    }
    const double sigma = std::sqrt(best.sse / double(std::max(1, best.count)));
    out.mean.resize(size_t(horizon));
    out.sd.resize(size_t(horizon));
    for (int h = 1; h <= horizon; ++h) {
        const size_t idx = size_t(n - 1 + h) % size_t(m);
        out.mean[size_t(h - 1)] = best.level + double(h) * best.trend + best.season[idx];
        out.sd[size_t(h - 1)] = etsSd(sigma, bestA, bestB, bestG, m, h);
    }
    out.ok = std::isfinite(sigma);
    return out;
}

ModelOutput fitModel(ModelKind kind, const std::vector<double>& y, int horizon, int season)
{
    switch (kind) {
    case ModelKind::Linear:
        return fitPolynomial(y, 1, horizon, false);
    case ModelKind::Polynomial2:
        return fitPolynomial(y, 2, horizon, false);
    case ModelKind::Polynomial3:
        return fitPolynomial(y, 3, horizon, false);
    case ModelKind::Exponential:
        return fitPolynomial(y, 1, horizon, true);
    case ModelKind::Holt:
        return fitHolt(y, horizon);
    case ModelKind::HoltWinters:
        return fitHoltWinters(y, season, horizon);
    case ModelKind::SeasonalLinear:
        return fitSeasonalLinear(y, season, horizon);
    }
    return {};
}

double pointValue(const ModelOutput& o, size_t i, double z)
{
    const double v = o.mean[i] + z * o.sd[i];
    return o.logSpace ? std::exp(v) : v;
}

QList<ForecastPoint> toPoints(const ModelOutput& o, qint64 firstMs, qint64 stepMs)
{
    QList<ForecastPoint> points;
    points.reserve(qsizetype(o.mean.size()));
    for (size_t i = 0; i < o.mean.size(); ++i) {
        ForecastPoint p;
        p.timeMs = firstMs + qint64(i) * stepMs;
        p.value = pointValue(o, i, 0.0);
        p.lower80 = pointValue(o, i, -kZ80);
        p.upper80 = pointValue(o, i, kZ80);
        p.lower95 = pointValue(o, i, -kZ95);
        p.upper95 = pointValue(o, i, kZ95);
        points.append(p);
    }
    return points;
}

// Mean absolute error of the (seasonal) naive one-step forecast in-sample:
// the MASE denominator (Hyndman & Koehler 2006).
double naiveScale(const std::vector<double>& y, size_t end, int season)
{
    const size_t lag = size_t(std::max(1, season));
    if (end <= lag)
        return std::nan("");
    double sum = 0.0;
    for (size_t t = lag; t < end; ++t)
        sum += std::abs(y[t] - y[t - lag]);
    return sum / double(end - lag);
}

ModelScore backtest(ModelKind kind, const std::vector<double>& y, int season, int folds, int h)
{
    ModelScore score;
    score.model = kind;
    const int n = int(y.size());
    const bool seasonal = kind == ModelKind::HoltWinters || kind == ModelKind::SeasonalLinear;
    const int minTrain = std::max(kMinPoints, seasonal ? 2 * season + 2 : 0);
    double maseSum = 0.0, smapeSum = 0.0;
    int maseCount = 0, smapeCount = 0;
    for (int f = folds; f >= 1; --f) {
        const int origin = n - f * h;
        if (origin < minTrain)
            continue;
        const std::vector<double> train(y.begin(), y.begin() + origin);
        const ModelOutput o = fitModel(kind, train, h, season);
        if (!o.ok)
            return score; // not applicable to this series: no score
        double abs = 0.0, sm = 0.0;
        int smN = 0;
        for (int i = 0; i < h; ++i) {
            const double actual = y[size_t(origin + i)];
            const double predicted = pointValue(o, size_t(i), 0.0);
            const double e = std::abs(actual - predicted);
            abs += e;
            const double denom = std::abs(actual) + std::abs(predicted);
            if (denom > 0.0) {
                sm += 200.0 * e / denom;
                ++smN;
            } else {
                ++smN; // both zero: a perfect forecast
            }
        }
        const double mae = abs / double(h);
        const double scale = naiveScale(y, size_t(origin), season);
        if (std::isfinite(mae)) {
            if (scale > 0.0) {
                maseSum += mae / scale;
                ++maseCount;
            } else if (scale == 0.0) {
                // Flat history: exact forecasts score 0, anything else is unboundedly bad.
                maseSum += mae == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
                ++maseCount;
            }
            smapeSum += sm / double(std::max(1, smN));
            ++smapeCount;
        } else {
            return score;
        }
    }
    if (maseCount > 0)
        score.mase = maseSum / double(maseCount);
    if (smapeCount > 0)
        score.smape = smapeSum / double(smapeCount);
    return score;
}

} // namespace

QString modelName(ModelKind kind)
{
    switch (kind) {
    case ModelKind::Linear:
        return QStringLiteral("linear");
    case ModelKind::Polynomial2:
        return QStringLiteral("polynomial-2");
    case ModelKind::Polynomial3:
        return QStringLiteral("polynomial-3");
    case ModelKind::Exponential:
        return QStringLiteral("exponential");
    case ModelKind::Holt:
        return QStringLiteral("holt");
    case ModelKind::HoltWinters:
        return QStringLiteral("holt-winters");
    case ModelKind::SeasonalLinear:
        return QStringLiteral("linear+season");
    }
    return {};
}

static int detectSeason(const std::vector<double>& y, qint64 stepMs, const ForecastOptions& options)
{
    const int n = int(y.size());
    if (n < kMinPoints || stepMs <= 0)
        return 0;
    // Detrend with the least-squares line so a strong trend does not make
    // every lag look correlated.
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; ++i) {
        sx += i;
        sy += y[size_t(i)];
        sxx += double(i) * i;
        sxy += double(i) * y[size_t(i)];
    }
    const double denom = n * sxx - sx * sx;
    const double slope = denom != 0.0 ? (n * sxy - sx * sy) / denom : 0.0;
    const double icpt = (sy - slope * sx) / n;
    std::vector<double> r(static_cast<size_t>(n));
    double var = 0.0;
    for (int i = 0; i < n; ++i) {
        r[size_t(i)] = y[size_t(i)] - (icpt + slope * i);
        var += r[size_t(i)] * r[size_t(i)];
    }
    if (!(var > 0.0))
        return 0;
    auto acf = [&](int lag) {
        double s = 0.0;
        for (int i = lag; i < n; ++i)
            s += r[size_t(i)] * r[size_t(i - lag)];
        return s / var;
    };
    int best = 0;
    double bestAcf = options.minSeasonAutocorrelation;
    for (qint64 periodMs : options.candidatePeriodsMs) {
        if (periodMs % stepMs != 0)
            continue;
        const qint64 lag = periodMs / stepMs;
        if (lag < 2 || lag * 2 + 2 > n)
            continue;
        // Require a local peak, so a slowly varying series (high ACF at
        // every lag) is not mistaken for a seasonal one.
        const double a = acf(int(lag));
        if (a > bestAcf && a >= acf(int(lag) - 1) && a >= acf(int(lag) + 1)) {
            bestAcf = a;
            best = int(lag);
        }
    }
    return best;
}

int detectSeasonSteps(const Series& series, const ForecastOptions& options)
{
    return detectSeason(filled(series.values), series.stepMs, options);
}

ForecastResult forecastWith(ModelKind kind, const Series& series, int horizonSteps, int seasonSteps)
{
    ForecastResult result;
    result.model = kind;
    result.modelName = modelName(kind);
    result.seasonSteps = kind == ModelKind::HoltWinters || kind == ModelKind::SeasonalLinear ? seasonSteps : 0;
    const std::vector<double> y = filled(series.values);
    if (horizonSteps <= 0 || int(y.size()) < kMinPoints)
        return result;
    const ModelOutput o = fitModel(kind, y, horizonSteps, seasonSteps);
    if (o.ok)
        result.points = toPoints(o, series.startMs + qint64(y.size()) * series.stepMs, series.stepMs);
    return result;
}

ForecastResult forecast(const Series& series, int horizonSteps, const ForecastOptions& options)
{
    ForecastResult result;
    const std::vector<double> y = filled(series.values);
    const int n = int(y.size());
    if (horizonSteps <= 0 || n < kMinPoints) {
        qCDebug(lcForecast) << "series too short to forecast:" << n << "points";
        return result;
    }
    const int season = detectSeason(y, series.stepMs, options);
    result.seasonSteps = season;

    const int folds = std::max(1, options.backtestFolds);
    int h = options.backtestHorizonSteps > 0 ? options.backtestHorizonSteps
                                             : std::min(horizonSteps, std::max(season, n / 5));
    h = std::clamp(h, 1, std::max(1, (n - kMinPoints) / folds));

    QList<ModelKind> kinds = options.models;
    if (kinds.isEmpty())
        kinds = { ModelKind::Linear, ModelKind::Polynomial2, ModelKind::Polynomial3, ModelKind::Exponential,
            ModelKind::SeasonalLinear, ModelKind::Holt, ModelKind::HoltWinters };

    const ModelScore* best = nullptr;
    for (ModelKind kind : kinds) {
        if ((kind == ModelKind::HoltWinters || kind == ModelKind::SeasonalLinear) && season == 0)
            continue;
        const ModelScore s = backtest(kind, y, season, folds, h);
        if (std::isnan(s.mase))
            continue;
        result.scores.append(s);
    }
    for (const ModelScore& s : std::as_const(result.scores)) {
        // Candidates are listed simplest first; a more complex model must be
        // clearly better (1 %) to win, so an exact line stays "linear".
        if (!best || s.mase < best->mase * 0.99 - 1e-9)
            best = &s;
    }
    const ModelKind chosen = best ? best->model : ModelKind::Linear;
    ForecastResult fitted = forecastWith(chosen, series, horizonSteps, season);
    if (fitted.points.isEmpty() && chosen != ModelKind::Linear)
        fitted = forecastWith(ModelKind::Linear, series, horizonSteps, season);
    result.model = fitted.model;
    result.modelName = fitted.modelName;
    result.points = fitted.points;
    if (best && best->model == fitted.model) {
        result.mase = best->mase;
        result.smape = best->smape;
    }
    return result;
}

std::optional<qint64> timeToReach(const ForecastResult& result, double ceiling, ForecastBound bound)
{
    for (const ForecastPoint& p : result.points) {
        double v = p.value;
        switch (bound) {
        case ForecastBound::Value:
            break;
        case ForecastBound::Lower80:
            v = p.lower80;
            break;
        case ForecastBound::Upper80:
            v = p.upper80;
            break;
        case ForecastBound::Lower95:
            v = p.lower95;
            break;
        case ForecastBound::Upper95:
            v = p.upper95;
            break;
        }
        if (v >= ceiling)
            return p.timeMs;
    }
    return std::nullopt;
}

} // namespace opsdeck::capacity
