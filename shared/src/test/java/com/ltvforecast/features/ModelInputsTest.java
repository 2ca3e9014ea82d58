package com.ltvforecast.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ltvforecast.btyd.RfmSummary;
import com.ltvforecast.testdata.TestData;
import com.ltvforecast.transactions.TransactionParser;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ModelInputsTest {

  private static final LocalDate D = LocalDate.parse("1997-10-01");

  @Test
  void rfm_shouldMatchReferenceRfm_whenCdnowSampleAtPaperDate() throws IOException {
    // given the CDNOW sample's purchase-day histories before D
    CustomerHistories histories = CustomerHistories.before(D);
    TransactionParser parser = new TransactionParser();
    try (CsvReader<NamedCsvRecord> csv =
        CsvReader.builder().ofNamedCsvRecord(TestData.data("cdnow/transactions_sample.csv"))) {
      csv.forEach(
          r ->
              histories.add(
                  parser.parse(
                      r.getField("customer_id"),
                      r.getField("event_time"),
                      r.getField("amount"),
                      null)));
    }
    // when / then every customer's summary equals the independent reference script's
    int checked = 0;
    try (CsvReader<NamedCsvRecord> reference =
        CsvReader.builder().ofNamedCsvRecord(TestData.data("cdnow/bgnbd_predictions_sample.csv"))) {
      for (NamedCsvRecord row : reference) {
        RfmSummary rfm =
            ModelInputs.rfm(
                FeatureCalculator.features(
                        histories.history(row.getField("customer_id")).orElseThrow(), D)
                    .values());
        assertEquals(Double.parseDouble(row.getField("x")), rfm.x(), 0.0);
        assertEquals(Double.parseDouble(row.getField("t_x_weeks")), rfm.tx(), 1e-5);
        assertEquals(Double.parseDouble(row.getField("T_weeks")), rfm.T(), 1e-5);
        String mx = row.getField("m_x_repeat_mean_spend");
        assertEquals(mx.isEmpty() ? 0.0 : Double.parseDouble(mx), rfm.mx(), 1e-4);
        checked++;
      }
    }
    assertEquals(2_357, checked);
  }
}
