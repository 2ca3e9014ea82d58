package com.ltvforecast.training;

import com.ltvforecast.btyd.BgNbdParams;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What a training run did; the local runner's report section {@code training}. */
public record TrainingReport(
    String modelVersion,
    boolean promoted,
    List<String> reasons,
    LocalDate asOf,
    int horizonDays,
    int trainCustomers,
    int validationCustomers,
    double seconds,
    Map<String, SpendChurnMetrics> metrics,
    BgNbdParams bgnbdParams) {}
