// The current stage of the projects a bulk batch is about to write (those that exist), so stage
// moves can be judged by the bid gate before anything is written.
UNWIND $ids AS id
MATCH (p:Project {id: id})
RETURN p.id AS id, p.stage AS stage
