// Organisational ties with a customer in a period: agreements in force (contracts of its projects
// signed in the three years before $end), executive exchanges (done executive and HQ visits with
// its people) and joint programmes (done workshops with its people), both within [$start, $end].
MATCH (customer:Customer {id: $customerId})
CALL (customer) {
  OPTIONAL MATCH (customer)<-[:AT]-(:Project)-[:RESULTED_IN]->(contract:Contract)
  WHERE contract.signedAt <= $end AND contract.signedAt > $end - duration({years: 3})
  RETURN count(DISTINCT contract) AS agreements
}
CALL (customer) {
  OPTIONAL MATCH (customer)<-[:PART_OF*0..]-()<-[:WORKS_IN]-(:Stakeholder)<-[:WITH]-(activity:Activity)
  WHERE activity.status = 'done' AND activity.doneAt >= $start AND activity.doneAt <= $end
  WITH DISTINCT activity
  RETURN count(CASE WHEN activity.type IN ['executive_visit', 'hq_visit'] THEN 1 END) AS executiveExchanges,
         count(CASE WHEN activity.type = 'workshop' THEN 1 END) AS jointProgrammes
}
RETURN agreements, executiveExchanges, jointProgrammes
