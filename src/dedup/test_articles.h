// Test-only: short news articles written for the dedup tests. kFlood is an original report,
// kFloodSpun a synonym-spun copy of it (about a third of the content words replaced, clauses
// reordered inside sentences, sentence order kept), kFloodOther an independent report of the
// same event (same names, places and one verbatim quote), kCouncil an unrelated article.
#ifndef STORYLINE_DEDUP_TEST_ARTICLES_H_
#define STORYLINE_DEDUP_TEST_ARTICLES_H_

#include <string>

namespace storyline::dedup::testing {

inline constexpr char kFlood[] =
    "Heavy rain caused the River Ashby to burst its banks on Sunday, flooding hundreds of homes "
    "in the town of Marlow Bridge.\n"
    "Emergency crews evacuated more than 600 residents overnight as water levels rose faster "
    "than forecasters had predicted.\n"
    "Mayor Helen Carter said the council had opened three shelters in schools and sports halls "
    "across the district.\n"
    "\"We have never seen the river climb this quickly, and our teams worked through the night "
    "to reach every family,\" Carter told reporters.\n"
    "The national weather service issued a red warning for the region and expects further "
    "storms until Wednesday.\n"
    "Train services between Marlow Bridge and the capital were suspended after a section of "
    "track was washed away near Fenwick.\n"
    "Local farmers reported losing livestock and crops as fields along the valley disappeared "
    "under brown water.\n"
    "Insurance companies estimate that the damage could exceed 40 million pounds, according to "
    "early assessments.\n"
    "Environmental groups blamed years of underinvestment in flood defences and called for an "
    "independent inquiry.\n"
    "The government promised emergency funding and said soldiers would help to reinforce the "
    "remaining barriers.\n"
    "Residents who were evacuated have been told they may not return to their homes before the "
    "end of the week.\n";

inline constexpr char kFloodSpun[] =
    "On Sunday, torrential rain caused the River Ashby to overflow its banks, inundating "
    "hundreds of houses in the town of Marlow Bridge.\n"
    "As water levels climbed faster than meteorologists had expected, rescue crews evacuated "
    "more than 600 residents overnight.\n"
    "The council had opened three shelters in schools and sports halls around the district, "
    "Mayor Helen Carter said.\n"
    "\"We have never seen the river rise this fast, and our teams laboured through the night to "
    "reach every household,\" Carter told journalists.\n"
    "The national weather service issued a red alert for the area and anticipates more storms "
    "until Wednesday.\n"
    "After a stretch of track was washed away near Fenwick, rail services between Marlow Bridge "
    "and the capital were halted.\n"
    "Along the valley, local farmers reported losing livestock and harvests as fields vanished "
    "under brown water.\n"
    "The damage could surpass 40 million pounds, insurance firms estimate, according to initial "
    "assessments.\n"
    "Environmental groups blamed years of underfunding in flood barriers and demanded an "
    "independent investigation.\n"
    "The government pledged emergency money and said troops would help to strengthen the "
    "remaining barriers.\n"
    "Evacuated residents have been told they may not go back to their houses before the end of "
    "the week.\n";

inline constexpr char kFloodOther[] =
    "Thousands of people in the Ashby valley spent the night away from home after the worst "
    "flooding in decades.\n"
    "In Marlow Bridge, water reached the first floor of houses on Mill Street, and firefighters "
    "used boats to rescue elderly residents.\n"
    "\"We have never seen the river climb this quickly, and our teams worked through the night "
    "to reach every family,\" Mayor Helen Carter said.\n"
    "Forecasters said a month of rainfall fell in less than 24 hours over the hills north of the "
    "town.\n"
    "Rail operators cancelled all trains through Fenwick while engineers inspect a damaged "
    "bridge.\n"
    "Shopkeepers on the high street began clearing mud and ruined stock as soon as the water "
    "started to recede.\n"
    "One resident, retired teacher Margaret Olsen, said she had lived in the town for 50 years "
    "and never seen anything like it.\n"
    "Opposition politicians accused ministers of cutting the budget for flood defences in the "
    "region.\n"
    "The Environment Agency said it would review how the warnings were issued to residents on "
    "Sunday evening.\n"
    "Volunteers from neighbouring villages collected blankets, food and clothes for families in "
    "the shelters.\n"
    "Meteorologists warned that the ground remains saturated and further rain could bring new "
    "flooding in Marlow Bridge later this week.\n";

inline constexpr char kCouncil[] =
    "The city council voted on Thursday to approve a new cycling network covering forty "
    "kilometres of streets in the northern districts.\n"
    "Supporters argued the lanes would cut traffic and pollution, while shop owners warned that "
    "losing parking spaces could hurt their trade.\n"
    "Construction is scheduled to begin in the spring and should take about two years, officials "
    "said.\n"
    "The project will cost an estimated 12 million euros, most of it covered by a regional "
    "transport grant.\n"
    "A public consultation last autumn drew more than four thousand responses, the largest "
    "number the council has ever received.\n"
    "Opponents have collected signatures for a petition demanding a referendum on the plan.\n"
    "The mayor said the city would monitor air quality on the affected streets and publish the "
    "results every quarter.\n"
    "Bus routes along two of the main avenues will be adjusted to share the new lanes safely.\n";

// kFlood with three words changed and a line appended: a near-verbatim copy.
inline std::string NearCopyOfFlood() {
  std::string s = kFlood;
  s.replace(s.find("Heavy"), 5, "Intense");
  s.replace(s.find("600"), 3, "650");
  s.replace(s.find("Wednesday"), 9, "Thursday");
  return s + "This story was updated with the latest figures from the council.\n";
}

}  // namespace storyline::dedup::testing

#endif  // STORYLINE_DEDUP_TEST_ARTICLES_H_
