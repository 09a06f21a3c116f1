// Test reports shared by the story tests: three events written as different outlets would.
#ifndef STORYLINE_STORY_TEST_REPORTS_H_
#define STORYLINE_STORY_TEST_REPORTS_H_

#include <optional>
#include <string>
#include <vector>

#include "storyline/document.h"
#include "storyline/text.h"

namespace storyline::story_test {

// Three events: two earthquakes (same kind, different places, dates and figures) and a phone
// launch. Each report is written independently, as different outlets would.
struct Report {
  const char* event;
  const char* title;
  std::vector<std::string> paragraphs;
};

inline const std::vector<Report>& Reports() {
  static const auto* reports = new std::vector<Report>{
      {"aquila",
       "Earthquake kills dozens in central Italy",
       {"A powerful earthquake struck the central Italian city of L'Aquila early on Monday, "
        "killing at least 90 people and leaving thousands homeless.",
        "The magnitude 6.3 quake hit at 3:32 a.m. while most residents were asleep, Italy's "
        "civil protection agency said. Medieval churches and houses collapsed in the Abruzzo "
        "region.",
        "Prime Minister Silvio Berlusconi declared a state of emergency and cancelled a trip to "
        "Moscow."}},
      {"haiti",
       "Massive earthquake hits Haiti",
       {"A magnitude 7.0 earthquake struck Haiti on Tuesday, collapsing buildings in the capital "
        "Port-au-Prince and killing thousands of people.",
        "The quake's epicentre was 15 km from Port-au-Prince, the U.S. Geological Survey said. "
        "The presidential palace and the cathedral collapsed.",
        "President Rene Preval said the parliament building had also collapsed."}},
      {"iphone",
       "Apple unveils the iPhone 5 in San Francisco",
       {"Apple on Wednesday unveiled the iPhone 5, a thinner and lighter smartphone with a larger "
        "four-inch screen, at an event in San Francisco.",
        "Chief executive Tim Cook said the iPhone 5 would go on sale on September 21 for $199.",
        "Apple shares rose 1.4 percent after the announcement."}},
      {"aquila",
       "Italy quake death toll rises to 150",
       {"Rescuers in L'Aquila pulled survivors from the rubble on Tuesday as the death toll from "
        "Monday's earthquake in the Abruzzo region rose to 150.",
        "The 6.3 magnitude earthquake destroyed thousands of buildings in the medieval city, and "
        "some 70,000 people were left homeless.",
        "Berlusconi visited the tent camps set up for the homeless in Abruzzo."}},
      {"haiti",
       "Haiti earthquake: Port-au-Prince in ruins",
       {"Bodies lay in the streets of Port-au-Prince on Wednesday after the 7.0 magnitude "
        "earthquake that flattened much of Haiti's capital.",
        "The Red Cross estimated that three million Haitians were affected. President Preval "
        "said he had no place to sleep after the palace collapsed.",
        "United Nations peacekeepers in Haiti were among the missing."}},
      {"iphone",
       "iPhone 5: Apple's new phone has a bigger screen",
       {"Apple's new iPhone 5 has a four-inch screen and supports faster LTE networks, Tim Cook "
        "told the audience in San Francisco.",
        "The iPhone 5 goes on sale September 21, starting at $199 with a two-year contract.",
        "Analysts expect Apple to sell millions of the phones before the end of the year."}},
      {"aquila",
       "L'Aquila earthquake: survivors sleep in tents",
       {"Tens of thousands of survivors of the earthquake that devastated L'Aquila spent a cold "
        "night in tents and cars.",
        "Italian civil protection officials said the Abruzzo quake had killed more than 150 "
        "people. Aftershocks continued to shake the medieval city.",
        "Berlusconi promised to rebuild the churches and homes of L'Aquila."}},
      {"haiti",
       "Aid arrives in Haiti after quake",
       {"Aid flights began arriving in Port-au-Prince on Thursday, two days after the magnitude "
        "7.0 earthquake devastated Haiti.",
        "Haitian officials feared the death toll could exceed 100,000. The United Nations said "
        "its headquarters in Port-au-Prince had collapsed.",
        "Preval appealed for international help for Haiti."}},
      {"iphone",
       "Tim Cook shows off iPhone 5",
       {"Tim Cook took the stage in San Francisco to show the iPhone 5, which Apple calls the "
        "thinnest smartphone it has made.",
        "The phone has a four-inch screen, a faster A6 chip and LTE, and costs $199 on contract "
        "from September 21.",
        "Apple also refreshed its iPod line."}},
  };
  return *reports;
}

// An analysed English document, as the story tests build them.
inline Document MakeDocument(TextAnalyzer& analyzer, const std::string& title,
                             const std::vector<std::string>& paragraphs,
                             std::optional<UnixSeconds> published = std::nullopt) {
  Document d;
  d.title = title;
  d.paragraphs = paragraphs;
  d.published = published;
  d.text = analyzer.Analyze(title, paragraphs, "en");
  return d;
}

}  // namespace storyline::story_test

#endif  // STORYLINE_STORY_TEST_REPORTS_H_
