#pragma once

// Erlang C (M/M/c queue) formulas for sizing a service from its arrival rate
// and mean service time: probability that a request waits, mean wait, the
// response-time (wait + service) percentile, and the smallest server count
// that meets a percentile target. Pure functions, no state, no I/O. They must
// never compute factorials or powers of the load directly (overflow for
// hundreds of servers); everything goes through the Erlang B recurrence.
namespace opsdeck::capacity {

// Erlang C: probability that an arrival has to wait, for offered load
// A = lambda * meanService (Erlang) on c servers. 1.0 when A >= c (unstable).
double erlangC(double offeredLoad, int servers);

// Mean time in queue (seconds) for M/M/c; +inf when unstable.
double meanWaitS(double lambdaPerS, double meanServiceS, int servers);

// P(T > t) for the FCFS M/M/c sojourn time T = wait + service.
double responseTimeExceedance(double lambdaPerS, double meanServiceS, int servers, double tS);

// p-th percentile (p a fraction, e.g. 0.95) of the response time in seconds;
// +inf when unstable, NaN for invalid input.
double responseTimePercentile(double lambdaPerS, double meanServiceS, int servers, double percentile);

// Smallest c whose p-th percentile response time is <= targetS; -1 when no c
// can meet it (target below the service-time percentile alone) or on invalid input.
int serversFor(double lambdaPerS, double meanServiceS, double percentile, double targetS);

} // namespace opsdeck::capacity
