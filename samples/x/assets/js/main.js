window.__render = function(){};
